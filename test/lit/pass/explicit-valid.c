// A declaration may name its kernel symbol itself: klp.h's KLP_SYMBOL, a raw
// .klp.sym label, or SUSE/klp-convert's .klp.sym.rela label (also in the
// quoted form that GNU as needs). Each is checked against the manifest and
// marked like any other reference: weak, and a record whose link name is
// the label. The C name may differ from the kernel's (dotted names).
// RUN: %klp-manifest build --kallsyms %S/Inputs/kallsyms.txt \
// RUN:   --symvers %S/Inputs/Module.symvers -o %t.klpm
// RUN: %clang_kernel -O2 -c %klp_plugin -mllvm -klp-manifest=%t.klpm %s -o %t.o
// RUN: llvm-readelf -s %t.o | FileCheck --check-prefix=SYMS %s
// RUN: %print_marks %t.o | FileCheck --check-prefix=MARKS %s

// SYMS-DAG: NOTYPE WEAK DEFAULT UND .klp.sym.vmlinux.dup_static,2
// SYMS-DAG: NOTYPE WEAK DEFAULT UND .klp.sym.vmlinux.dump_stack_lvl.cold,0
// SYMS-DAG: NOTYPE WEAK DEFAULT UND .klp.sym.vmlinux.exported_twin,1
// SYMS-DAG: NOTYPE WEAK DEFAULT UND .klp.sym.vmlinux.local_helper,1
// SYMS-DAG: NOTYPE WEAK DEFAULT UND .klp.sym.ext4.ext4_fill_super,0
// SYMS-DAG: NOTYPE WEAK DEFAULT UND .klp.sym.xfs.dup_static,0
// SYMS-DAG: NOTYPE WEAK DEFAULT UND .klp.sym.vmlinux.dup_counter,1
// SYMS-DAG: NOTYPE WEAK DEFAULT UND .klp.sym.rela.livepatch_test.vmlinux.dup_static,1
// SYMS-DAG: NOTYPE WEAK DEFAULT UND ".klp.sym.rela.livepatch_test.ext4.dup_static,0"

// MARKS:      2 ext4 0 dup_static ".klp.sym.rela.livepatch_test.ext4.dup_static,0"
// MARKS-NEXT: 2 ext4 0 ext4_fill_super .klp.sym.ext4.ext4_fill_super,0
// MARKS-NEXT: 2 vmlinux 1 dup_static .klp.sym.rela.livepatch_test.vmlinux.dup_static,1
// MARKS-NEXT: 2 vmlinux 0 dump_stack_lvl.cold .klp.sym.vmlinux.dump_stack_lvl.cold,0
// MARKS-NEXT: 2 vmlinux 1 dup_counter .klp.sym.vmlinux.dup_counter,1
// MARKS-NEXT: 2 vmlinux 2 dup_static .klp.sym.vmlinux.dup_static,2
// MARKS-NEXT: 2 vmlinux 1 exported_twin .klp.sym.vmlinux.exported_twin,1
// MARKS-NEXT: 2 vmlinux 1 local_helper .klp.sym.vmlinux.local_helper,1
// MARKS-NEXT: 2 xfs 0 dup_static .klp.sym.xfs.dup_static,0
// MARKS-NOT:  {{.}}

#include <klp.h>

extern int dup_static_2(int) KLP_SYMBOL(vmlinux, dup_static, 2);
extern void dump_stack_cold(void) KLP_SYMBOL(vmlinux, dump_stack_lvl.cold, 0);
// The static twin of an export: only an explicit position reaches it.
extern int exported_twin_static(int) KLP_SYMBOL(vmlinux, exported_twin, 1);
// The kernel accepts sympos 1 for a unique name too.
extern int local_helper(int) KLP_SYMBOL(vmlinux, local_helper, 1);
extern int ext4_fill_super(void *, void *, int)
    KLP_SYMBOL(ext4, ext4_fill_super, 0);
extern int dup_counter KLP_SYMBOL(vmlinux, dup_counter, 1);
extern int xfs_dup_static(int) __asm__(".klp.sym.xfs.dup_static,0");
extern int suse_dup_static(int)
    __asm__(".klp.sym.rela.livepatch_test.vmlinux.dup_static,1");
extern int suse_quoted(int)
    __asm__("\".klp.sym.rela.livepatch_test.ext4.dup_static,0\"");

int patched(int x) {
  dump_stack_cold();
  x = dup_static_2(x) + exported_twin_static(x) + local_helper(x);
  x += ext4_fill_super(0, 0, x) + dup_counter + xfs_dup_static(x);
  return x + suse_dup_static(x) + suse_quoted(x);
}
