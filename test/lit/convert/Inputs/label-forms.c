/* Every label form the peer tools write, in clang's output: .klp.sym and
   SUSE's v2 (',<pos>') and v3 ('.<pos>', after the last dot), with and
   without the double quotes clang keeps. SUSE labels start with the patched
   object, whose .klp.rela sections get the relocations. */
#include "klp-module.h"

/* v3 quoted, a symbol of the patched module. */
extern int ext4_helper(int)
    __asm__("\".klp.sym.rela.ext4.ext4.ext4_helper.2\"");
/* v3 unquoted. */
extern int printk_helper(int)
    __asm__(".klp.sym.rela.vmlinux.vmlinux.printk_helper.0");
/* v3 with dots in the name: the position is after the last dot. */
extern int foo_isra(int) __asm__(".klp.sym.rela.vmlinux.vmlinux.foo.isra.0.1");
extern int stack_cold(int)
    __asm__("\".klp.sym.rela.vmlinux.vmlinux.dump_stack_lvl.cold.3\"");
/* v2 unquoted and quoted; another module's symbol, from ext4's patch. */
extern int jbd2_start(int) __asm__(".klp.sym.rela.ext4.jbd2.jbd2_start,0");
extern int nr_procs(void)
    __asm__("\".klp.sym.rela.vmlinux.vmlinux.nr_processes,0\"");
/* .klp.sym quoted, and a second name for foo.isra.0: one symbol remains. */
extern int fill_super(int) __asm__("\".klp.sym.ext4.ext4_fill_super,1\"");
extern int foo_again(int) __asm__("\".klp.sym.vmlinux.foo.isra.0,1\"");

int patched(int x) {
  return ext4_helper(x) + printk_helper(x) + foo_isra(x) + stack_cold(x) +
         jbd2_start(x) + nr_procs() + fill_super(x) + foo_again(x);
}

KLP_TEST_MODULE(livepatch_forms);
