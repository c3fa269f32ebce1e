// With -flto the plugin runs in the pre-link pipeline (full and thin, -O0
// and -O2), so the bitcode already carries the marks: extern_weak
// declarations and the module asm of the mark section. An LTO link (here ld.lld -r,
// as kbuild's module link does) turns them into the same weak undefined
// symbols and records, and concatenates the records of every input.
// RUN: %klp-manifest build --kallsyms %S/Inputs/kallsyms.txt \
// RUN:   --symvers %S/Inputs/Module.symvers -o %t.klpm
// RUN: %clang_kernel -O2 -flto -c %klp_plugin -mllvm -klp-manifest=%t.klpm %s -o %t.full.bc
// RUN: llvm-dis %t.full.bc -o - | FileCheck --check-prefix=IR -DMARKS=%marks_section %s
// RUN: %ld.lld -r %t.full.bc -o %t.full.o
// RUN: llvm-readelf -s %t.full.o | FileCheck %s
// RUN: %print_marks %t.full.o | FileCheck --check-prefix=MARKS %s

// RUN: %clang_kernel -O2 -flto=thin -c %klp_plugin -mllvm -klp-manifest=%t.klpm %s -o %t.thin.bc
// RUN: llvm-dis %t.thin.bc -o - | FileCheck --check-prefix=IR -DMARKS=%marks_section %s
// RUN: %ld.lld -r %t.thin.bc -o %t.thin.o
// RUN: llvm-readelf -s %t.thin.o | FileCheck %s
// RUN: %print_marks %t.thin.o | FileCheck --check-prefix=MARKS %s

// RUN: %clang_kernel -O0 -flto -c %klp_plugin -mllvm -klp-manifest=%t.klpm %s -o %t.full0.bc
// RUN: %ld.lld -r %t.full0.bc -o %t.full0.o
// RUN: llvm-readelf -s %t.full0.o | FileCheck %s
// RUN: %print_marks %t.full0.o | FileCheck --check-prefix=MARKS %s
// RUN: %clang_kernel -O0 -flto=thin -c %klp_plugin -mllvm -klp-manifest=%t.klpm %s -o %t.thin0.bc
// RUN: %ld.lld -r %t.thin0.bc -o %t.thin0.o
// RUN: llvm-readelf -s %t.thin0.o | FileCheck %s
// RUN: %print_marks %t.thin0.o | FileCheck --check-prefix=MARKS %s

// Two bitcode files and a plain object in one LTO link:
// RUN: %clang_kernel -O2 -flto -c %klp_plugin -mllvm -klp-manifest=%t.klpm \
// RUN:   -DSECOND %s -o %t.second.bc
// RUN: %clang_kernel -O2 -c %klp_plugin -mllvm -klp-manifest=%t.klpm \
// RUN:   -DTHIRD %s -o %t.third.o
// RUN: %ld.lld -r %t.full.bc %t.second.bc %t.third.o -o %t.all.o
// RUN: llvm-readelf -s %t.all.o | FileCheck --check-prefix=ALL %s
// RUN: %print_marks %t.all.o | sort | FileCheck --check-prefix=ALLMARKS %s

// An "extern inline" (gnu_inline) body is still in pre-link bitcode as
// available_externally; the kernel's copy is the one meant, so the body
// goes and the symbol is marked:
// RUN: %clang_kernel -O2 -flto -c %klp_plugin -mllvm -klp-manifest=%t.klpm \
// RUN:   -DEXTERN_INLINE %s -o %t.inline.bc
// RUN: llvm-dis %t.inline.bc -o - | FileCheck --check-prefix=INLINE %s
// RUN: %clang_kernel -O2 -flto=thin -c %klp_plugin -mllvm -klp-manifest=%t.klpm \
// RUN:   -DEXTERN_INLINE %s -o %t.inline-thin.bc
// RUN: llvm-dis %t.inline-thin.bc -o - | FileCheck --check-prefix=INLINE %s
// INLINE: module asm "\09.asciz \222 vmlinux 0 local_helper local_helper\22"
// INLINE-NOT: available_externally
// INLINE: declare extern_weak {{.*}}i32 @local_helper(i32 noundef)
// INLINE-NOT: available_externally

// IR-DAG: module asm "\09.pushsection [[MARKS]],
// IR-DAG: module asm "\09.asciz \222 vmlinux 0 local_helper local_helper\22"
// IR-DAG: module asm "\09.asciz \222 ext4 0 ext4_data ext4_data\22"
// IR-DAG: @ext4_data = extern_weak {{.*}}global i32
// IR-DAG: declare extern_weak {{.*}}i32 @local_helper(i32 noundef)

// CHECK-DAG: NOTYPE WEAK DEFAULT UND local_helper
// CHECK-DAG: NOTYPE WEAK DEFAULT UND ext4_data
// MARKS:      2 ext4 0 ext4_data ext4_data
// MARKS-NEXT: 2 vmlinux 0 local_helper local_helper
// MARKS-NOT:  {{.}}

// ALL-DAG: NOTYPE WEAK DEFAULT UND local_helper
// ALL-DAG: NOTYPE WEAK DEFAULT UND ext4_data
// ALL-DAG: NOTYPE WEAK DEFAULT UND nr_threads
// ALL-DAG: NOTYPE WEAK DEFAULT UND vm_global
// Every input's records (sorted here: the linker orders the inputs), and
// duplicates are kept.
// ALLMARKS:      2 ext4 0 ext4_data ext4_data
// ALLMARKS-NEXT: 2 vmlinux 0 local_helper local_helper
// ALLMARKS-NEXT: 2 vmlinux 0 local_helper local_helper
// ALLMARKS-NEXT: 2 vmlinux 0 nr_threads nr_threads
// ALLMARKS-NEXT: 2 vmlinux 0 vm_global vm_global
// ALLMARKS-NOT:  {{.}}

int local_helper(int);
extern int ext4_data;
extern int nr_threads;
int vm_global(void);

#if defined(EXTERN_INLINE)
extern inline __attribute__((gnu_inline)) int local_helper(int x) {
  return x * 3;
}
int (*helper_ptr)(int) = local_helper;
#elif defined(SECOND)
int patched_second(int x) { return local_helper(x) + nr_threads; }
#elif defined(THIRD)
int patched_third(void) { return vm_global(); }
#else
int patched(int x) { return local_helper(x) + ext4_data; }
#endif
