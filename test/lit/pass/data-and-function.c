// Function and data references are marked alike, whether code calls, reads,
// writes or takes the address, and whether a pointer sits in global,
// static or const storage. The relocations stay against the (now weak)
// symbols for the link step to move.
// RUN: %klp-manifest build --kallsyms %S/Inputs/kallsyms.txt \
// RUN:   --symvers %S/Inputs/Module.symvers -o %t.klpm
// RUN: %clang_kernel -O2 -c %klp_plugin -mllvm -klp-manifest=%t.klpm %s -o %t.o
// RUN: llvm-readelf -r %t.o | FileCheck %s
// RUN: %print_marks %t.o | FileCheck --check-prefix=MARKS %s

// CHECK-LABEL: Relocation section '.rela.text'
// CHECK-DAG: R_X86_64_PC32 {{.*}} nr_threads - 4
// CHECK-DAG: R_X86_64_PLT32 {{.*}} local_helper - 4
// CHECK-DAG: R_X86_64_32S {{.*}} local_table + 0
// CHECK-LABEL: Relocation section '.rela.data'
// CHECK-DAG: R_X86_64_64 {{.*}} vm_global + 0
// CHECK-DAG: R_X86_64_64 {{.*}} nr_threads + 0
// CHECK-DAG: R_X86_64_64 {{.*}} ext4_data + 0
// CHECK-LABEL: Relocation section '.rela.rodata'
// CHECK-DAG: R_X86_64_64 {{.*}} ext4_fill_super + 0
// CHECK-DAG: R_X86_64_64 {{.*}} local_table + 8

// MARKS:      2 ext4 0 ext4_data ext4_data
// MARKS-NEXT: 2 ext4 0 ext4_fill_super ext4_fill_super
// MARKS-NEXT: 2 vmlinux 0 local_helper local_helper
// MARKS-NEXT: 2 vmlinux 0 local_table local_table
// MARKS-NEXT: 2 vmlinux 0 nr_threads nr_threads
// MARKS-NEXT: 2 vmlinux 0 vm_global vm_global
// MARKS-NOT:  {{.}}

int local_helper(int);
int vm_global(void);
int ext4_fill_super(void *sb, void *data, int silent);
extern int nr_threads;
extern const char local_table[16];
extern int ext4_data;

struct ops {
  int (*fill)(void *, void *, int);
  const char *table;
};

// Global, static and const storage holding kernel addresses.
int (*global_fn)(void) = vm_global;
static int *static_ptr __attribute__((used)) = &nr_threads;
int *module_data_ptr = &ext4_data;
const struct ops patched_ops = {ext4_fill_super, local_table + 8};

int patched_read(int i) {
  nr_threads += 1;          // write
  return local_helper(i) +  // call
         local_table[i & 15] + *(&nr_threads); // read through an address
}
