// A name the manifest does not know is not a kernel symbol livepatch could
// resolve (it may be defined by another file of the patch module): the
// reference stays as it is.
// RUN: %klp-manifest build --kallsyms %S/Inputs/kallsyms.txt \
// RUN:   --symvers %S/Inputs/Module.symvers -o %t.klpm
// RUN: %clang_kernel -O2 -c %klp_plugin -mllvm -klp-manifest=%t.klpm %s -o %t.o
// RUN: llvm-readelf -s %t.o | FileCheck %s
// RUN: llvm-readelf -S %t.o | FileCheck --check-prefix=SECTIONS %s

// CHECK-DAG: GLOBAL DEFAULT UND patch_helper_in_other_file
// CHECK-DAG: GLOBAL DEFAULT UND patch_state
// CHECK-NOT: WEAK
// SECTIONS-NOT: .klp.marks

int patch_helper_in_other_file(int);
extern int patch_state;

int patched(void) { return patch_helper_in_other_file(patch_state); }
