// Explicit symbols are checked against the manifest: a wrong object, name
// or position is a compile error that says what the manifest has, in all
// three spellings (klp.h, raw .klp.sym, SUSE .klp.sym.rela), as is a label
// the kernel could not parse.
// RUN: %klp-manifest build --kallsyms %S/Inputs/kallsyms.txt \
// RUN:   --symvers %S/Inputs/Module.symvers -o %t.klpm
// RUN: not %clang_kernel -g -O2 -c %klp_plugin -mllvm -klp-manifest=%t.klpm \
// RUN:   %s -o %t.o 2>&1 | FileCheck %s

#include <klp.h>

extern int wrong_object(int) KLP_SYMBOL(ext4, local_helper, 0);
extern int no_such(int) KLP_SYMBOL(vmlinux, no_such_symbol, 0);
extern int past_end(int) KLP_SYMBOL(vmlinux, dup_static, 3);
extern int not_unique(int) KLP_SYMBOL(vmlinux, dup_static, 0);
extern int dashed(void) KLP_SYMBOL(my-mod, my_mod_fn, 0);
extern int no_pos(int) __asm__(".klp.sym.vmlinux.local_helper");
extern int raw_wrong(int) __asm__(".klp.sym.xfs.ext4_fill_super,0");
extern int suse_wrong(int) __asm__(".klp.sym.rela.lp.xfs.local_helper,0");
extern int suse_pos(int) __asm__(".klp.sym.rela.lp.vmlinux.dup_static,7");
extern int suse_bad(int) __asm__(".klp.sym.rela.lp");

int patched(int x) {
  // CHECK: explicit-invalid.c:[[@LINE+1]]:8: error: livepatch symbol '.klp.sym.ext4.local_helper,0': 'ext4' has no symbol named 'local_helper'; the manifest has: vmlinux sympos 0 (t)
  x += wrong_object(x);
  // CHECK: explicit-invalid.c:[[@LINE+1]]:8: error: livepatch symbol '.klp.sym.vmlinux.no_such_symbol,0': the manifest {{.*}}.klpm has no kernel symbol named 'no_such_symbol'
  x += no_such(x);
  // CHECK: explicit-invalid.c:[[@LINE+1]]:8: error: livepatch symbol '.klp.sym.vmlinux.dup_static,3': 'vmlinux' has no symbol 'dup_static' at sympos 3; the manifest has: vmlinux sympos 1 (t); vmlinux sympos 2 (t)
  x += past_end(x);
  // CHECK: explicit-invalid.c:[[@LINE+1]]:8: error: livepatch symbol '.klp.sym.vmlinux.dup_static,0': 'dup_static' is not unique in 'vmlinux' (2 symbols), so sympos 0 cannot be resolved; write one of: vmlinux sympos 1 (t); vmlinux sympos 2 (t)
  x += not_unique(x);
  // CHECK: explicit-invalid.c:[[@LINE+1]]:8: error: livepatch symbol '.klp.sym.my-mod.my_mod_fn,0': module names use '_' where the file name has '-': write 'my_mod'
  x += dashed();
  // CHECK: explicit-invalid.c:[[@LINE+1]]:8: error: livepatch symbol '.klp.sym.vmlinux.local_helper' is malformed: no ',<sympos>' (expected .klp.sym.<object>.<symbol>,<sympos>)
  x += no_pos(x);
  // CHECK: explicit-invalid.c:[[@LINE+1]]:8: error: livepatch symbol '.klp.sym.xfs.ext4_fill_super,0': 'xfs' has no symbol named 'ext4_fill_super'; the manifest has: ext4 sympos 0 (t)
  x += raw_wrong(x);
  // CHECK: explicit-invalid.c:[[@LINE+1]]:8: error: livepatch symbol '.klp.sym.rela.lp.xfs.local_helper,0': 'xfs' has no symbol named 'local_helper'; the manifest has: vmlinux sympos 0 (t)
  x += suse_wrong(x);
  // CHECK: explicit-invalid.c:[[@LINE+1]]:8: error: livepatch symbol '.klp.sym.rela.lp.vmlinux.dup_static,7': 'vmlinux' has no symbol 'dup_static' at sympos 7
  x += suse_pos(x);
  // CHECK: explicit-invalid.c:[[@LINE+1]]:10: error: livepatch symbol '.klp.sym.rela.lp' is malformed: expected .klp.sym.rela.<livepatch>.<object>.<symbol>,<sympos>
  return suse_bad(x);
}
// CHECK: 10 errors generated.
