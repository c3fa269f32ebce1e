// A module symbol whose sympos the kernel counts differently while the
// module loads (its init symbols still count) and afterwards would resolve
// to another symbol, or fail, depending on load order: referencing it is a
// compile error, implicitly and explicitly. The manifest comes from a real
// .ko with a same-named static in .init.text.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %clang_kernel -O2 -c %S/Inputs/kernel/loadorder-init.c -o %t/init.o
// RUN: %clang_kernel -O2 -c %S/Inputs/kernel/loadorder-core.c -o %t/core.o
// RUN: %ld.lld -r %t/init.o %t/core.o -o %t/loadorder.ko
// RUN: %klp-manifest build --module %t/loadorder.ko -o %t/m.klpm
// RUN: not %clang_kernel -g -O2 -c %klp_plugin -mllvm -klp-manifest=%t/m.klpm \
// RUN:   %s -o %t/patch.o 2>&1 | FileCheck %s

#include <klp.h>

int reset_stats(int);
extern int reset_stats_explicit(int) KLP_SYMBOL(loadorder, reset_stats, 0);

int patched_ioctl(int x) {
  // CHECK: load-order.c:[[@LINE+1]]:8: error: 'reset_stats' in module 'loadorder' (sympos 0) is counted differently while 'loadorder' is loading and after its init finished, so the kernel would resolve this reference to a different symbol depending on load order; copy its definition into the patch instead of referencing it
  x += reset_stats(x);
  // CHECK: load-order.c:[[@LINE+1]]:10: error: livepatch symbol '.klp.sym.loadorder.reset_stats,0': 'reset_stats' in module 'loadorder' (sympos 0) is counted differently
  return reset_stats_explicit(x);
}
// CHECK: 2 errors generated.
