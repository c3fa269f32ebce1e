// One symbol referenced from several functions and sections gets one record
// and one weak undefined symbol; every section keeps its relocations.
// RUN: %klp-manifest build --kallsyms %S/Inputs/kallsyms.txt \
// RUN:   --symvers %S/Inputs/Module.symvers -o %t.klpm
// RUN: %clang_kernel -O2 -c -ffunction-sections %klp_plugin \
// RUN:   -mllvm -klp-manifest=%t.klpm %s -o %t.o
// RUN: llvm-readelf -r -s %t.o | FileCheck %s
// RUN: %print_marks %t.o | FileCheck --check-prefix=MARKS %s

// CHECK-LABEL: Relocation section '.rela.text.patched_one'
// CHECK: R_X86_64_PLT32 {{.*}} local_helper - 4
// CHECK-LABEL: Relocation section '.rela.text.patched_two'
// CHECK: R_X86_64_PLT32 {{.*}} local_helper - 4
// CHECK-LABEL: Relocation section '.rela.init.text'
// CHECK-DAG: R_X86_64_PLT32 {{.*}} local_helper - 4
// CHECK-DAG: R_X86_64_PLT32 {{.*}} init_helper - 4
// CHECK-LABEL: Relocation section '.rela.exit.text'
// CHECK: R_X86_64_PLT32 {{.*}} local_helper - 4
// CHECK-LABEL: Relocation section '.rela.rodata'
// CHECK: R_X86_64_64 {{.*}} local_helper + 0
// CHECK-LABEL: Relocation section '.rela.data..ro_after_init'
// CHECK: R_X86_64_64 {{.*}} local_helper + 0

// CHECK-LABEL: Symbol table '.symtab'
// CHECK-COUNT-1: WEAK DEFAULT UND local_helper
// CHECK-NOT: local_helper

// MARKS:      2 vmlinux 0 init_helper init_helper
// MARKS-NEXT: 2 vmlinux 0 local_helper local_helper
// MARKS-NOT:  {{.}}

int local_helper(int);
int init_helper(void);

int patched_one(int x) { return local_helper(x); }
int patched_two(int x) { return local_helper(x + 1) * 2; }

__attribute__((section(".init.text"))) int patch_init(void) {
  return local_helper(init_helper());
}
__attribute__((section(".exit.text"))) int patch_exit(void) {
  return local_helper(0);
}

int (*const helper_table[])(int) = {local_helper};
__attribute__((section(".data..ro_after_init"))) int (*helper_late)(int) =
    local_helper;
