// A symbol a module exports is marked with that module as its object, so
// the patch does not depend on the module being loaded first. shared_name
// is also a static in vmlinux; a plain reference means the export.
// RUN: %klp-manifest build --kallsyms %S/Inputs/kallsyms.txt \
// RUN:   --symvers %S/Inputs/Module.symvers -o %t.klpm
// RUN: %clang_kernel -O2 -c %klp_plugin -mllvm -klp-manifest=%t.klpm %s -o %t.o
// RUN: llvm-readelf -s %t.o | FileCheck --check-prefix=SYMS %s
// RUN: %print_marks %t.o | FileCheck --check-prefix=MARKS %s

// SYMS-DAG: WEAK   DEFAULT UND ext4_exported
// SYMS-DAG: WEAK   DEFAULT UND shared_name

// MARKS:      2 ext4 0 ext4_exported ext4_exported
// MARKS-NEXT: 2 ext4 0 shared_name shared_name
// MARKS-NOT:  {{.}}

int ext4_exported(void *sb);
int shared_name(void);

int patched_remount(void *sb) { return ext4_exported(sb) + shared_name(); }
