/* KLP_SYMPOS tables that contradict themselves or another annotation; one
   case per -D. */
#include "klp-module.h"

extern int homonym(int);

#if defined(MARK_AGREES) || defined(MARK_DISAGREES)
/* The plugin's mark for the same symbol (docs/mark-contract.md). */
#ifdef MARK_AGREES
KLP_MARK("1 vmlinux 2 homonym homonym");
#else
KLP_MARK("1 vmlinux 1 homonym homonym");
#endif
KLP_MODULE_RELOC(vmlinux) relocs[] = {KLP_SYMPOS(homonym, 2)};
int use(int x) { return homonym(x); }
#endif

#ifdef QUOTED_LABEL_DISAGREES
extern int fs_helper(int) __asm__("\".klp.sym.vmlinux.fs_helper,1\"");
KLP_MODULE_RELOC(vmlinux) relocs[] = {KLP_SYMPOS(fs_helper, 2)};
int use(int x) { return fs_helper(x); }
#endif

#ifdef LABEL_DISAGREES
/* A SUSE v3 label for a vmlinux symbol, annotated as ext4's. */
extern int foo_cold(int) __asm__(".klp.sym.rela.ext4.vmlinux.foo.cold.0");
KLP_MODULE_RELOC(ext4) relocs[] = {KLP_SYMPOS(foo_cold, 0)};
int use(int x) { return foo_cold(x); }
#endif

#ifdef TWO_POSITIONS
KLP_MODULE_RELOC(vmlinux) relocs[] = {KLP_SYMPOS(homonym, 1),
                                      KLP_SYMPOS(homonym, 2)};
int use(int x) { return homonym(x); }
#endif

#ifdef TWO_OBJECTS
KLP_MODULE_RELOC(vmlinux) vmlinux_relocs[] = {KLP_SYMPOS(homonym, 1)};
KLP_MODULE_RELOC(ext4) ext4_relocs[] = {KLP_SYMPOS(homonym, 1)};
int use(int x) { return homonym(x); }
#endif

#ifdef SAME_TWICE
/* The same annotation twice is no contradiction. */
KLP_MODULE_RELOC(vmlinux) relocs[] = {KLP_SYMPOS(homonym, 1),
                                      KLP_SYMPOS(homonym, 1)};
int use(int x) { return homonym(x); }
#endif

#ifdef DEFINED
int defined_here;
KLP_MODULE_RELOC(vmlinux) relocs[] = {KLP_SYMPOS(defined_here, 0)};
#endif

KLP_TEST_MODULE(livepatch_v7_errors);
