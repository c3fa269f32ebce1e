// The pass runs last in the optimisation pipeline at every level, so only
// references that survive optimisation are marked: at -O0 the dead call in
// the inlined helper is still there, from -O1 on it is folded away.
// RUN: %klp-manifest build --kallsyms %S/Inputs/kallsyms.txt \
// RUN:   --symvers %S/Inputs/Module.symvers -o %t.klpm
// RUN: %clang_kernel -O0 -c %klp_plugin -mllvm -klp-manifest=%t.klpm %s -o %t.O0.o
// RUN: llvm-readelf -s %t.O0.o | FileCheck --check-prefixes=CHECK,O0 %s
// RUN: %print_marks %t.O0.o | FileCheck --check-prefixes=MARKS,MARKS-O0 %s
// RUN: %clang_kernel -O1 -c %klp_plugin -mllvm -klp-manifest=%t.klpm %s -o %t.O1.o
// RUN: llvm-readelf -s %t.O1.o | FileCheck --check-prefixes=CHECK,OPT %s
// RUN: %print_marks %t.O1.o | FileCheck --check-prefix=MARKS %s
// RUN: %clang_kernel -O2 -c %klp_plugin -mllvm -klp-manifest=%t.klpm %s -o %t.O2.o
// RUN: llvm-readelf -s %t.O2.o | FileCheck --check-prefixes=CHECK,OPT %s
// RUN: %print_marks %t.O2.o | FileCheck --check-prefix=MARKS %s
// RUN: %clang_kernel -Os -c %klp_plugin -mllvm -klp-manifest=%t.klpm %s -o %t.Os.o
// RUN: llvm-readelf -s %t.Os.o | FileCheck --check-prefixes=CHECK,OPT %s
// RUN: %print_marks %t.Os.o | FileCheck --check-prefix=MARKS %s
// RUN: %clang_kernel -Oz -c %klp_plugin -mllvm -klp-manifest=%t.klpm %s -o %t.Oz.o
// RUN: llvm-readelf -s %t.Oz.o | FileCheck --check-prefixes=CHECK,OPT %s
// RUN: %print_marks %t.Oz.o | FileCheck --check-prefix=MARKS %s

// O0-DAG: WEAK DEFAULT UND local_helper
// CHECK-DAG: WEAK DEFAULT UND vm_global
// OPT-NOT: local_helper
// MARKS-O0: 2 vmlinux 0 local_helper local_helper
// MARKS:    2 vmlinux 0 vm_global vm_global
// MARKS-NOT: {{.}}

int local_helper(int);
int vm_global(void);

static inline int clamp_helper(int x) {
  if (x > 100)
    return 0;
  return local_helper(x);
}

int patched(void) { return clamp_helper(200) + vm_global(); }
