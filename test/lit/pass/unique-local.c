// Unexported symbols with a unique name in their object are marked with
// that object and sympos 0: static and global functions, static and global
// data, in vmlinux and in modules.
// RUN: %klp-manifest build --kallsyms %S/Inputs/kallsyms.txt \
// RUN:   --symvers %S/Inputs/Module.symvers -o %t.klpm
// RUN: %clang_kernel -O2 -c %klp_plugin -mllvm -klp-manifest=%t.klpm %s -o %t.o
// RUN: llvm-readelf -s %t.o | FileCheck --check-prefix=SYMS %s
// RUN: %print_marks %t.o | FileCheck --check-prefix=MARKS %s

// SYMS-DAG: NOTYPE  WEAK   DEFAULT UND local_helper
// SYMS-DAG: NOTYPE  WEAK   DEFAULT UND vm_global
// SYMS-DAG: NOTYPE  WEAK   DEFAULT UND nr_threads
// SYMS-DAG: NOTYPE  WEAK   DEFAULT UND local_table
// SYMS-DAG: NOTYPE  WEAK   DEFAULT UND ext4_fill_super
// SYMS-DAG: NOTYPE  WEAK   DEFAULT UND ext4_data
// SYMS-DAG: NOTYPE  WEAK   DEFAULT UND my_mod_fn

// Sorted by link name.
// MARKS:      2 ext4 0 ext4_data ext4_data
// MARKS-NEXT: 2 ext4 0 ext4_fill_super ext4_fill_super
// MARKS-NEXT: 2 vmlinux 0 local_helper local_helper
// MARKS-NEXT: 2 vmlinux 0 local_table local_table
// MARKS-NEXT: 2 my_mod 0 my_mod_fn my_mod_fn
// MARKS-NEXT: 2 vmlinux 0 nr_threads nr_threads
// MARKS-NEXT: 2 vmlinux 0 vm_global vm_global
// MARKS-NOT:  {{.}}

int local_helper(int);
int vm_global(void);
extern int nr_threads;
extern const char local_table[16];
int ext4_fill_super(void *sb, void *data, int silent);
extern int ext4_data;
int my_mod_fn(void);

int use_vmlinux(int i) {
  return local_helper(nr_threads) + vm_global() + local_table[i & 15];
}

int use_modules(void *sb) {
  return ext4_fill_super(sb, 0, 1) + ext4_data + my_mod_fn();
}
