/* klp-convert v7 annotations: KLP_MODULE_RELOC(obj) tables of
   KLP_SYMPOS(sym, pos) entries name the kernel symbol every reference of the
   module to sym means. */
#include "klp-module.h"

extern char *saved_command_line;
extern int homonym(int);            /* the second of several in vmlinux */
extern int ext4_lookup(int);        /* module ext4 */
extern int jbd2_journal_start(int); /* module jbd2 */
/* A label the table confirms. */
extern int fs_helper(int) __asm__("\".klp.sym.vmlinux.fs_helper,1\"");

KLP_MODULE_RELOC(vmlinux) vmlinux_relocs[] = {
    KLP_SYMPOS(saved_command_line, 0),
    KLP_SYMPOS(homonym, 2),
    KLP_SYMPOS(fs_helper, 1),
};

KLP_MODULE_RELOC(ext4) ext4_relocs[] = {
    KLP_SYMPOS(ext4_lookup, 1),
};

KLP_MODULE_RELOC(jbd2) jbd2_relocs[] = {
    KLP_SYMPOS(jbd2_journal_start, 0),
};

int patched(int x) {
  return saved_command_line[x] + homonym(x) + ext4_lookup(x) + fs_helper(x) +
         jbd2_journal_start(x);
}

KLP_TEST_MODULE(livepatch_v7);
