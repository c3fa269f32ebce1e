// The kernel reads at most 55 characters of an object name and 511 of a
// symbol name; a longer name in a livepatch symbol would never resolve, so
// it is a compile error. 55 and 511 are fine (and then unknown to this
// manifest, which the error says).
// RUN: %klp-manifest build --kallsyms %S/Inputs/kallsyms.txt \
// RUN:   --symvers %S/Inputs/Module.symvers -o %t.klpm
// RUN: not %clang_kernel -g -O2 -c %klp_plugin -mllvm -klp-manifest=%t.klpm \
// RUN:   %s -o %t.o 2>&1 | FileCheck %s
// RUN: not %clang_kernel -O2 -c %klp_plugin -mllvm -klp-manifest=%t.klpm \
// RUN:   -mllvm -klp-object=m2345678901234567890123456789012345678901234567890123456 \
// RUN:   %s -o %t.o 2>&1 | FileCheck --check-prefix=OPTION %s

#include <klp.h>

#define S64 "s234567890123456789012345678901234567890123456789012345678901234"
#define S448 S64 S64 S64 S64 S64 S64 S64

// 56 characters:
extern int long_object(void)
    KLP_SYMBOL(m2345678901234567890123456789012345678901234567890123456, foo, 0);
// 55 characters:
extern int max_object(void)
    KLP_SYMBOL(m234567890123456789012345678901234567890123456789012345, foo, 0);
// 512 characters:
extern int long_symbol(void) __asm__(".klp.sym.vmlinux." S448 S64 ",0");
// 511 characters:
extern int max_symbol(void)
    __asm__(".klp.sym.vmlinux." S448 "s23456789012345678901234567890123456789012345678901234567890123,0");
// SUSE form, 56-character livepatch module name:
extern int long_lp(void) __asm__(
    ".klp.sym.rela.l2345678901234567890123456789012345678901234567890123456.vmlinux.local_helper,0");

int patched(void) {
  // CHECK: long-names.c:[[@LINE+1]]:10: error: livepatch symbol '.klp.sym.m2345678901234567890123456789012345678901234567890123456.foo,0' is malformed: object name 'm2345678901234567890123456789012345678901234567890123456' has 56 characters; the kernel reads at most 55 (MODULE_NAME_LEN - 1)
  return long_object() +
         // CHECK: long-names.c:[[@LINE+1]]:10: error: livepatch symbol '.klp.sym.m234567890123456789012345678901234567890123456789012345.foo,0': the manifest {{.*}} has no kernel symbol named 'foo'
         max_object() +
         // CHECK: long-names.c:[[@LINE+1]]:10: error: livepatch symbol '.klp.sym.vmlinux.s2345{{.*}}' is malformed: symbol name 's234567890123456789012345678901234567890...' has 512 characters; the kernel reads at most 511 (KSYM_NAME_LEN - 1)
         long_symbol() +
         // CHECK: long-names.c:[[@LINE+1]]:10: error: livepatch symbol '.klp.sym.vmlinux.s2345{{.*}}': the manifest {{.*}} has no kernel symbol named 's2345
         max_symbol() +
         // CHECK: long-names.c:[[@LINE+1]]:10: error: livepatch symbol '.klp.sym.rela.l2345{{.*}}': the livepatch module name is unusable: object name 'l2345678901234567890123456789012345678901234567890123456' has 56 characters
         long_lp();
}
// CHECK: 5 errors generated.

// OPTION: error: klp-mark: -klp-object=m2345678901234567890123456789012345678901234567890123456: object name 'm2345678901234567890123456789012345678901234567890123456' has 56 characters; the kernel reads at most 55 (MODULE_NAME_LEN - 1)
// OPTION: 1 error generated.
