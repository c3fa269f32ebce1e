/* Labels the converter refuses; one per -D. */
#include "klp-module.h"

#ifdef V3_NO_POS
extern int f(void) __asm__(".klp.sym.rela.vmlinux.vmlinux.foo");
#endif
#ifdef V3_BAD_POS
extern int f(void) __asm__(".klp.sym.rela.vmlinux.vmlinux.foo.cold");
#endif
#ifdef QUOTED_NO_POS
extern int f(void) __asm__("\".klp.sym.rela.vmlinux.vmlinux.foo\"");
#endif
#ifdef QUOTED_KLP_SYM_NO_POS
extern int f(void) __asm__("\".klp.sym.vmlinux.foo\"");
#endif
#ifdef BAD_LIVEPATCH_OBJECT
extern int f(void) __asm__(".klp.sym.rela.a_patched_object_name_longer_than_the_fifty_five_characters_the_kernel_reads.vmlinux.foo.0");
#endif
#ifdef V3_EMPTY_NAME
extern int f(void) __asm__(".klp.sym.rela.vmlinux.vmlinux..0");
#endif

#ifdef QUOTED_DEFINED
int f(void) __asm__("\".klp.sym.vmlinux.foo,0\"");
int f(void) { return 0; }
#else
int use(void) { return f(); }
#endif

KLP_TEST_MODULE(livepatch_label_errors);
