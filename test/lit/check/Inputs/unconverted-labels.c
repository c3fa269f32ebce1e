/* Labels no link step converted, as clang leaves them: undefined symbols
   named .klp.sym*, quoted or not, strong or weak. The loader resolves them
   against exports only. */
#include "klp-module.h"

extern int quoted_v2(void)
    __asm__("\".klp.sym.rela.vmlinux.vmlinux.saved_command_line,0\"");
extern int quoted_klp_sym(void) __asm__("\".klp.sym.vmlinux.nr_processes,0\"")
    __attribute__((weak));
extern int plain_v3(void) __asm__(".klp.sym.rela.ext4.ext4.ext4_helper.2");
extern int plain_klp_sym(void) __asm__(".klp.sym.vmlinux.foo.isra.0,1");
/* Not a livepatch name either, and no export has it. */
extern int stem_only(void) __asm__(".klp.symbols_table");

int patched(void) {
  return quoted_v2() + quoted_klp_sym() + plain_v3() + plain_klp_sym() +
         stem_only();
}

KLP_TEST_MODULE(livepatch_labels);
