// A deferred reference names the source line that used the name, also when
// the use was inlined from a helper: the caller's line, not the helper's
// (kernel/trace/trace.c's event_function used to point into an inlined
// call_filter_check_discard()).
// RUN: %klp-manifest build --kallsyms %S/Inputs/kallsyms.txt \
// RUN:   --symvers %S/Inputs/Module.symvers -o %t.klpm
// RUN: %clang_kernel -g -O2 -c %klp_plugin -mllvm -klp-manifest=%t.klpm \
// RUN:   %s -o %t.o
// RUN: %print_marks %t.o | FileCheck %s
// CHECK: deferred: 2 dup_static deferred-origin.c:[[#@LINE+9]]:10 reference to 'dup_static' is ambiguous

int dup_static(int);

static inline int helper(int x) {
  return dup_static(x) * 2;
}

int patched(int x) {
  return helper(x) + 1;
}
