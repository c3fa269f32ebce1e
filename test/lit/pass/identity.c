// Every object records the identity of the manifest it was compiled
// against (docs/mark-contract.md, note type 3), before its marks; a
// manifest without one leaves no such note. klp.h's load-time guard gets
// the expected vmlinux build ID from the plugin: a local constant of 20
// bytes, the manifest's ID padded with zeros.
// RUN: rm -rf %t && mkdir -p %t/inc/linux
// RUN: python3 %srcroot/test/lit/manifest/Inputs/kernel-root.py %t/root 6.1.0-57-cloud-amd64 0123456789abcdef0123456789abcdef01234567
// RUN: %klp-manifest capture --root %t/root -o %t/m.klpm
// RUN: %clang_kernel -O2 -c %klp_plugin -mllvm -klp-manifest=%t/m.klpm %s -o %t/plain.o
// RUN: %print_marks %t/plain.o | FileCheck --check-prefix=MARKS %s
// MARKS:      identity: 2 release=6.1.0-57-cloud-amd64 vmlinux.build-id=0123456789abcdef0123456789abcdef01234567
// MARKS-NEXT: 2 vmlinux 0 nr_processes nr_processes
// MARKS-NOT:  {{.}}

// The guard, as a patch writes it, with stand-ins for the three kernel
// headers klp.h includes under __KERNEL__.
// RUN: printf '#define EINVAL 22\n' > %t/inc/linux/errno.h
// RUN: printf '#define KERN_ERR "\\0013"\nint printk(const char *, ...);\n' > %t/inc/linux/printk.h
// RUN: printf 'int memcmp(const void *, const void *, unsigned long);\n' > %t/inc/linux/string.h
// RUN: %clang_kernel -O2 -c %klp_plugin -mllvm -klp-manifest=%t/m.klpm \
// RUN:   -D__KERNEL__ -DKBUILD_MODNAME='"guarded"' -DGUARD -I%t/inc %s -o %t/guard.o
// RUN: %print_marks %t/guard.o | FileCheck --check-prefix=GUARD-MARKS %s
// GUARD-MARKS: identity: 2 release=6.1.0-57-cloud-amd64 vmlinux.build-id=0123456789abcdef0123456789abcdef01234567
// GUARD-MARKS-DAG: 2 vmlinux 0 vmlinux_build_id vmlinux_build_id
// RUN: llvm-readelf -s %t/guard.o | FileCheck --check-prefix=GUARD-SYMS %s
// GUARD-SYMS-DAG: 20 OBJECT LOCAL DEFAULT {{[0-9]+}} __klp_expected_vmlinux_build_id
// GUARD-SYMS-DAG: NOTYPE WEAK DEFAULT UND vmlinux_build_id
// RUN: llvm-objcopy --dump-section=.rodata=%t/rodata %t/guard.o %t/copy.o
// RUN: od -An -tx1 %t/rodata | tr -d ' \n' | FileCheck --check-prefix=BYTES %s
// BYTES: 0123456789abcdef0123456789abcdef01234567

// A shorter build ID (e.g. 16 bytes) is padded with zeros to the kernel's
// 20 (vmlinux_build_id is zero-filled the same way).
// RUN: python3 %srcroot/test/lit/manifest/Inputs/kernel-root.py %t/short 6.1.0-57-cloud-amd64 00112233445566778899aabbccddeeff
// RUN: %klp-manifest capture --root %t/short -o %t/short.klpm
// RUN: %clang_kernel -O2 -c %klp_plugin -mllvm -klp-manifest=%t/short.klpm \
// RUN:   -D__KERNEL__ -DGUARD -I%t/inc %s -o %t/short.o
// RUN: llvm-objcopy --dump-section=.rodata=%t/short.rodata %t/short.o %t/copy.o
// RUN: od -An -tx1 %t/short.rodata | tr -d ' \n' | FileCheck --check-prefix=SHORT %s
// SHORT: 00112233445566778899aabbccddeeff00000000

// A manifest from a kallsyms dump: no identity note, and the guard is a
// compile error that says what the manifest lacks.
// RUN: %klp-manifest build --kallsyms %t/root/proc/kallsyms -o %t/bare.klpm 2>/dev/null
// RUN: %clang_kernel -O2 -c %klp_plugin -mllvm -klp-manifest=%t/bare.klpm %s -o %t/bare.o
// RUN: %print_marks %t/bare.o | FileCheck --check-prefix=BARE %s
// BARE-NOT: identity:
// BARE:     2 vmlinux 0 nr_processes nr_processes
// RUN: not %clang_kernel -O2 -c %klp_plugin -mllvm -klp-manifest=%t/bare.klpm \
// RUN:   -D__KERNEL__ -DGUARD -I%t/inc %s -o %t/bare-guard.o 2>&1 | FileCheck --check-prefix=NOID %s
// NOID: error: klp-mark: the load-time guard (KLP_VMLINUX_GUARD, klp.h) needs the vmlinux build ID of the target kernel, and the manifest {{.*}}bare.klpm has none (no kernel identity); rebuild it with 'klp-manifest capture' on the target, or add --vmlinux with the kernel's debug vmlinux

// A kernel without vmlinux_build_id (no CONFIG_CRASH_CORE/VMCORE_INFO/
// STACKTRACE_BUILD_ID): the guard could not read the running kernel's ID.
// RUN: python3 %srcroot/test/lit/manifest/Inputs/kernel-root.py %t/nobid 6.1.0-57-cloud-amd64 01234567 \
// RUN:   'ffffffff81000000 T startup_64' 'ffffffff81001000 T nr_processes'
// RUN: %klp-manifest capture --root %t/nobid -o %t/nobid.klpm
// RUN: not %clang_kernel -O2 -c %klp_plugin -mllvm -klp-manifest=%t/nobid.klpm \
// RUN:   -D__KERNEL__ -DGUARD -I%t/inc %s -o %t/nobid.o 2>&1 | FileCheck --check-prefix=NOSYM %s
// NOSYM: error: klp-mark: the load-time guard (KLP_VMLINUX_GUARD, klp.h) reads the running kernel's 'vmlinux_build_id', and vmlinux in the manifest {{.*}}nobid.klpm has no such symbol (the kernel needs CONFIG_CRASH_CORE, CONFIG_VMCORE_INFO or CONFIG_STACKTRACE_BUILD_ID); remove the guard for this kernel

#include <klp.h>

#ifdef GUARD
struct klp_callbacks {
  int (*pre_patch)(struct klp_object *obj);
};
struct klp_object {
  const char *name;
  struct klp_callbacks callbacks;
};
struct klp_object objs[] = {{.name = 0, .callbacks = KLP_VMLINUX_GUARD}, {}};
#else
extern int nr_processes(void);
int patched(void) { return nr_processes(); }
#endif
