// A damaged manifest is a compile error that says so, never a different
// binding: one field of one record changed on disk (no checksum updated), as
// a flipped bit would, and the compile fails naming the manifest instead of
// marking another symbol or silently dropping the mark. Undamaged buckets
// of the same file keep working.
// RUN: rm -rf %t && mkdir %t
// RUN: %klp-manifest build --kallsyms %S/Inputs/kallsyms.txt \
// RUN:   --symvers %S/Inputs/Module.symvers -o %t/good.klpm
// RUN: %clang_kernel -O2 -c %klp_plugin -mllvm -klp-manifest=%t/good.klpm \
// RUN:   %s -o %t/good.o
// RUN: %print_marks %t/good.o | FileCheck --check-prefix=GOOD %s
// GOOD: 2 vmlinux 2 dup_static .klp.sym.vmlinux.dup_static,2

// The position of the second dup_static, 2 -> 3.
// RUN: cp %t/good.klpm %t/pos.klpm
// RUN: python3 %S/../manifest/Inputs/damage-symbol.py %t/pos.klpm dup_static 1 position 3
// RUN: rm -f %t/pos.o
// RUN: not %clang_kernel -O2 -c %klp_plugin -mllvm -klp-manifest=%t/pos.klpm \
// RUN:   %s -o %t/pos.o 2>&1 | FileCheck --check-prefix=DAMAGED %s
// RUN: not ls %t/pos.o
// The object of local_helper, vmlinux -> ext4 (index 1).
// RUN: cp %t/good.klpm %t/obj.klpm
// RUN: python3 %S/../manifest/Inputs/damage-symbol.py %t/obj.klpm local_helper 0 object 1
// RUN: not %clang_kernel -O2 -c %klp_plugin -mllvm -klp-manifest=%t/obj.klpm \
// RUN:   %s -o %t/obj.o 2>&1 | FileCheck --check-prefix=DAMAGED %s
// DAMAGED: error: klp-mark: {{.*}}.klpm: manifest damaged: hash bucket {{[0-9]+}} (where '{{dup_static|local_helper}}' would be) does not match its checksum; rebuild it with 'klp-manifest build' (no kernel symbol was resolved from it)
// DAMAGED-NOT: error:
// DAMAGED: 1 error generated.

#include <klp.h>

extern int dup_2(int) KLP_SYMBOL(vmlinux, dup_static, 2);
int local_helper(int);

int patched(int x) { return dup_2(x) + local_helper(x); }
