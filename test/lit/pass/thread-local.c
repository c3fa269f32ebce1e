// The kernel has no thread-local storage: a thread-local declaration of a
// name the kernel has is a compile error that says so, at the use, instead
// of a TLS relocation the link step would call an unknown relocation type.
// A thread-local variable the kernel does not have is left alone.
// RUN: %klp-manifest build --kallsyms %S/Inputs/kallsyms.txt \
// RUN:   --symvers %S/Inputs/Module.symvers -o %t.klpm
// RUN: not %clang_kernel -g -O2 -c %klp_plugin -mllvm -klp-manifest=%t.klpm \
// RUN:   %s -o %t.o 2>&1 | FileCheck %s
// RUN: %clang_kernel -O2 -c %klp_plugin -mllvm -klp-manifest=%t.klpm \
// RUN:   -DONLY_UNKNOWN %s -o %t.unknown.o

// CHECK: thread-local.c:[[#@LINE+8]]:10: error: 'nr_threads' is declared thread-local (__thread, _Thread_local), but the kernel has no thread-local storage and its symbol is an ordinary variable (per-CPU data is reached with this_cpu_*() and per_cpu()); drop the thread-local qualifier
// CHECK-NOT: error:

extern __thread int nr_threads;
extern __thread int not_a_kernel_symbol;

int patched(void) {
#ifndef ONLY_UNKNOWN
  return nr_threads + not_a_kernel_symbol;
#else
  return not_a_kernel_symbol;
#endif
}
