// The records are sorted by link name, so they do not depend on the order
// the module happens to list declarations in, and the same input gives the
// same object.
// RUN: %klp-manifest build --kallsyms %S/Inputs/kallsyms.txt \
// RUN:   --symvers %S/Inputs/Module.symvers -o %t.klpm
// RUN: %clang_kernel -O2 -c %klp_plugin -mllvm -klp-manifest=%t.klpm %s -o %t.a.o
// RUN: %clang_kernel -O2 -c %klp_plugin -mllvm -klp-manifest=%t.klpm %s -o %t.b.o
// RUN: cmp %t.a.o %t.b.o
// RUN: %clang_kernel -O2 -c %klp_plugin -mllvm -klp-manifest=%t.klpm -DREVERSED %s -o %t.r.o
// RUN: llvm-readelf -x %marks_section %t.a.o > %t.a.marks
// RUN: llvm-readelf -x %marks_section %t.r.o > %t.r.marks
// RUN: diff %t.a.marks %t.r.marks
// RUN: %print_marks %t.r.o | FileCheck %s

// CHECK:      2 ext4 0 ext4_data ext4_data
// CHECK-NEXT: 2 ext4 0 ext4_fill_super ext4_fill_super
// CHECK-NEXT: 2 vmlinux 0 local_helper local_helper
// CHECK-NEXT: 2 vmlinux 0 nr_threads nr_threads
// CHECK-NEXT: 2 vmlinux 0 vm_global vm_global

int local_helper(int);
int vm_global(void);
int ext4_fill_super(void *, void *, int);
extern int nr_threads;
extern int ext4_data;

#ifdef REVERSED
int patched(void) {
  return ext4_data + nr_threads + ext4_fill_super(0, 0, 0) + vm_global() +
         local_helper(0);
}
#else
int patched(void) {
  return local_helper(0) + vm_global() + ext4_fill_super(0, 0, 0) +
         nr_threads + ext4_data;
}
#endif
