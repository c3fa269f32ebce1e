// The marks survive the links kbuild does before klp-ld / klp-convert see
// the module: ld -r of several objects with both ld.lld and GNU ld keeps
// the mark section (non-allocated, concatenated, still not allocated) and
// the weak undefined symbols with their relocations.
// REQUIRES: gnu-ld
// RUN: %klp-manifest build --kallsyms %S/Inputs/kallsyms.txt \
// RUN:   --symvers %S/Inputs/Module.symvers -o %t.klpm
// RUN: %clang_kernel -O2 -c %klp_plugin -mllvm -klp-manifest=%t.klpm %s -o %t.1.o
// RUN: %clang_kernel -O2 -c %klp_plugin -mllvm -klp-manifest=%t.klpm -DSECOND %s -o %t.2.o
// RUN: %ld.lld -r %t.1.o %t.2.o -o %t.lld.o
// RUN: llvm-readelf -S -s -r %t.lld.o | FileCheck -DMARKS=%marks_section %s
// RUN: %print_marks %t.lld.o | FileCheck --check-prefix=MARKS %s
// RUN: /usr/bin/ld -r %t.1.o %t.2.o -o %t.gnu.o
// RUN: llvm-readelf -S -s -r %t.gnu.o | FileCheck -DMARKS=%marks_section %s
// RUN: %print_marks %t.gnu.o | FileCheck --check-prefix=MARKS %s

// No flags: not allocated.
// CHECK: [[MARKS]] {{PROGBITS|NOTE}} 0000000000000000 {{[0-9a-f]+}} {{[0-9a-f]+}} 00 0 0 {{[0-9]+$}}
// CHECK-DAG: R_X86_64_PLT32 {{.*}} local_helper - 4
// CHECK-DAG: R_X86_64_PLT32 {{.*}} ext4_fill_super - 4
// CHECK-DAG: R_X86_64_PLT32 {{.*}} vm_global - 4
// CHECK-DAG: NOTYPE WEAK DEFAULT UND local_helper
// CHECK-DAG: NOTYPE WEAK DEFAULT UND ext4_fill_super
// CHECK-DAG: NOTYPE WEAK DEFAULT UND vm_global
// MARKS:      2 ext4 0 ext4_fill_super ext4_fill_super
// MARKS-NEXT: 2 vmlinux 0 local_helper local_helper
// MARKS-NEXT: 2 vmlinux 0 local_helper local_helper
// MARKS-NEXT: 2 vmlinux 0 vm_global vm_global
// MARKS-NOT:  {{.}}

int local_helper(int);
int vm_global(void);
int ext4_fill_super(void *, void *, int);

#ifdef SECOND
int patched_second(int x) { return local_helper(x) + vm_global(); }
#else
int patched_first(int x) { return local_helper(x) + ext4_fill_super(0, 0, x); }
#endif
