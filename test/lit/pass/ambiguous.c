// A name several kernel symbols share, with nothing to choose between them,
// is a compile error that lists the candidates and how to choose. With
// debug info it points at the first reference; without, clang names the
// function. References only from data point at the variable. The compile
// fails and leaves no object behind.
// RUN: %klp-manifest build --kallsyms %S/Inputs/kallsyms.txt \
// RUN:   --symvers %S/Inputs/Module.symvers -o %t.klpm
// RUN: rm -f %t.o
// RUN: not %clang_kernel -g -O2 -c %klp_plugin -mllvm -klp-manifest=%t.klpm \
// RUN:   %s -o %t.o 2>&1 | FileCheck --check-prefixes=CHECK,DEBUG %s
// RUN: not ls %t.o
// RUN: not %clang_kernel -g -O0 -c %klp_plugin -mllvm -klp-manifest=%t.klpm \
// RUN:   %s -o %t.o 2>&1 | FileCheck --check-prefixes=CHECK,DEBUG %s
// RUN: not %clang_kernel -O2 -c %klp_plugin -mllvm -klp-manifest=%t.klpm \
// RUN:   %s -o %t.o 2>&1 | FileCheck --check-prefixes=CHECK,NODEBUG %s

int dup_static(int);
extern int dup_counter;
int local_helper(int);

int unrelated(int x) { return local_helper(x); }

// Errors come in module order: functions first, then variables. The first
// user of dup_static is first_user, not the source's first mention.
// NODEBUG: ambiguous.c:[[@LINE+2]]:5: error: reference to 'dup_static' is ambiguous: 4 kernel symbols
// NODEBUG-NEXT: [[@LINE+1]] | int first_user(int x) {
int first_user(int x) {
  x = local_helper(x);
  // DEBUG: ambiguous.c:[[@LINE+3]]:10: error: reference to 'dup_static' is ambiguous: 4 kernel symbols have that name: vmlinux sympos 1 (t); vmlinux sympos 2 (t); ext4 sympos 0 (t); xfs sympos 0 (t). Say which one the patch means: declare it with KLP_SYMBOL(<object>, dup_static, <sympos>) from klp.h, e.g. KLP_SYMBOL(vmlinux, dup_static, 1), or pass the patched object with -mllvm -klp-object=<object>
  // DEBUG-NEXT: [[@LINE+2]] | {{ *}}return dup_static(x) + 1;
  // DEBUG-NEXT: | {{ *}}^
  return dup_static(x) + 1;
}

int second_user(int x) { return dup_static(x); }

// CHECK-NOT: error:
// DEBUG: ambiguous.c:[[@LINE+4]]:1: error: in the initializer of 'counter_ref': reference to 'dup_counter' is ambiguous: 2 kernel symbols have that name: vmlinux sympos 1 (b); vmlinux sympos 2 (b). Say which one the patch means: declare it with KLP_SYMBOL(<object>, dup_counter, <sympos>) from klp.h, e.g. KLP_SYMBOL(vmlinux, dup_counter, 1){{$}}
// NODEBUG: {{^}}error: in the initializer of 'counter_ref': reference to 'dup_counter' is ambiguous: 2 kernel symbols have that name: vmlinux sympos 1 (b); vmlinux sympos 2 (b).
// CHECK-NOT: error:
// CHECK: 2 errors generated.
int *counter_ref = &dup_counter;
