// A symbol vmlinux exports is resolved by the module loader as usual: the
// pass leaves the reference alone (strong undefined, no record), for
// functions and data, and also when a static of the same name exists but
// nothing says the patch means it (exported_twin).
// RUN: %klp-manifest build --kallsyms %S/Inputs/kallsyms.txt \
// RUN:   --symvers %S/Inputs/Module.symvers -o %t.klpm
// RUN: %clang_kernel -O2 -c %klp_plugin -mllvm -klp-manifest=%t.klpm %s -o %t.o
// RUN: llvm-readelf -s %t.o | FileCheck %s
// RUN: llvm-readelf -S %t.o | FileCheck --check-prefix=SECTIONS %s

// CHECK-DAG: GLOBAL DEFAULT UND printk
// CHECK-DAG: GLOBAL DEFAULT UND jiffies
// CHECK-DAG: GLOBAL DEFAULT UND exported_twin
// CHECK-NOT: WEAK
// SECTIONS-NOT: .klp.marks

int printk(const char *fmt, ...);
extern unsigned long jiffies;
int exported_twin(int);

int report(void) {
  printk("jiffies=%lu\n", jiffies);
  return exported_twin(1);
}
