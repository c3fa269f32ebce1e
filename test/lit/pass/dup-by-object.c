// Same-named symbols in several objects: -klp-object, the object the patch
// replaces code in, chooses among them. A module name may be given as its
// file name ('-' for '_').
// RUN: %klp-manifest build --kallsyms %S/Inputs/kallsyms.txt \
// RUN:   --symvers %S/Inputs/Module.symvers -o %t.klpm
// RUN: %clang_kernel -O2 -c %klp_plugin -mllvm -klp-manifest=%t.klpm \
// RUN:   -mllvm -klp-object=xfs %s -o %t.xfs.o
// RUN: %print_marks %t.xfs.o | FileCheck --check-prefix=XFS %s
// XFS:      2 xfs 0 dup_static dup_static
// XFS-NEXT: 2 ext4 0 shared_name shared_name

// RUN: %clang_kernel -O2 -c %klp_plugin -mllvm -klp-manifest=%t.klpm \
// RUN:   -mllvm -klp-object=ext4 %s -o %t.ext4.o
// RUN: %print_marks %t.ext4.o | FileCheck --check-prefix=EXT4 %s
// EXT4:      2 ext4 0 dup_static dup_static
// EXT4-NEXT: 2 ext4 0 shared_name shared_name

// In vmlinux dup_static is not unique, so it is left to the link step, and
// shared_name is vmlinux's static, not ext4's export.
// RUN: %clang_kernel -O2 -c %klp_plugin -mllvm -klp-manifest=%t.klpm \
// RUN:   -mllvm -klp-object=vmlinux %s -o %t.vmlinux.o
// RUN: %print_marks %t.vmlinux.o | FileCheck --check-prefix=VMLINUX %s
// VMLINUX:      2 vmlinux 0 shared_name shared_name
// VMLINUX-NEXT: deferred: 2 dup_static dup-by-object.c:patched() reference to 'dup_static' is ambiguous: 2 kernel symbols in 'vmlinux' (-klp-object) have that name: vmlinux sympos 1 (t); vmlinux sympos 2 (t).{{.*}}
// VMLINUX-NOT:  {{.}}

// RUN: %clang_kernel -O2 -c %klp_plugin -mllvm -klp-manifest=%t.klpm \
// RUN:   -mllvm -klp-object=vmlinux -DONLY_SHARED %s -o %t.shared.o
// RUN: %print_marks %t.shared.o | FileCheck --check-prefix=SHARED %s
// SHARED:     2 vmlinux 0 shared_name shared_name
// SHARED-NOT: {{.}}

// RUN: %clang_kernel -O2 -c %klp_plugin -mllvm -klp-manifest=%t.klpm \
// RUN:   -mllvm -klp-object=my-mod -DONLY_SHARED %s -o %t.mymod.o
// RUN: %print_marks %t.mymod.o | FileCheck --check-prefix=MYMOD %s
// MYMOD: 2 ext4 0 shared_name shared_name

// An object name the kernel could not read, or one the manifest lacks:
// RUN: not %clang_kernel -O2 -c %klp_plugin -mllvm -klp-manifest=%t.klpm \
// RUN:   -mllvm -klp-object=ext4.ko %s -o %t.bad.o 2>&1 \
// RUN:   | FileCheck --check-prefix=BADOBJ %s
// BADOBJ: error: klp-mark: -klp-object=ext4.ko: object name 'ext4.ko' contains a dot or a space; the kernel cannot parse it
// RUN: not %clang_kernel -O2 -c %klp_plugin -mllvm -klp-manifest=%t.klpm \
// RUN:   -mllvm -klp-object=ext5 %s -o %t.bad.o 2>&1 \
// RUN:   | FileCheck --check-prefix=NOOBJ %s
// NOOBJ: error: klp-mark: -klp-object=ext5: the manifest {{.*}}.klpm has no object 'ext5'; it has vmlinux, ext4, my_mod, xfs

int shared_name(void);
int dup_static(int);

int patched(int x) {
#ifndef ONLY_SHARED
  x += dup_static(x);
#endif
  return x + shared_name();
}
