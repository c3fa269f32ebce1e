// A name several kernel symbols share, with nothing in this file to choose
// between them, is left to the link step: another file of the patch module
// may define it (docs/mark-contract.md, deferred references). The object
// gets a deferred note that says where the file used the name and why the
// compiler could not decide; the declaration is weak, so modpost stays
// quiet. The link step then refuses a module that does not define the name,
// with the compiler's explanation and the place of use (with debug info the
// first use's line and column; without, the function or the variable).
// RUN: %klp-manifest build --kallsyms %S/Inputs/kallsyms.txt \
// RUN:   --symvers %S/Inputs/Module.symvers -o %t.klpm
// RUN: %clang_kernel -g -O2 -c %klp_plugin -mllvm -klp-manifest=%t.klpm \
// RUN:   %s -o %t.o
// RUN: %print_marks %t.o | FileCheck --check-prefixes=NOTES,DEBUG %s
// RUN: %clang_kernel -g -O0 -c %klp_plugin -mllvm -klp-manifest=%t.klpm \
// RUN:   %s -o %t.O0.o
// RUN: %print_marks %t.O0.o | FileCheck --check-prefixes=NOTES,DEBUG %s
// RUN: %clang_kernel -O2 -c %klp_plugin -mllvm -klp-manifest=%t.klpm \
// RUN:   %s -o %t.nodebug.o
// RUN: %print_marks %t.nodebug.o | FileCheck --check-prefixes=NOTES,NODEBUG %s
// RUN: llvm-readelf -s %t.o | FileCheck --check-prefix=SYMS %s
// RUN: ld.lld -r %t.o -o %t.ko
// RUN: rm -f %t.out
// RUN: not %klp-convert %t.ko %t.out 2>&1 | FileCheck --check-prefix=LINK %s
// RUN: not ls %t.out

// Sorted by link name, after the marks (local_helper is unique).
// NOTES:      2 vmlinux 0 local_helper local_helper
// DEBUG-NEXT: deferred: 2 dup_counter ambiguous.c:[[#@LINE+26]] reference to 'dup_counter' is ambiguous: 2 kernel symbols have that name: vmlinux sympos 1 (b); vmlinux sympos 2 (b). Say which one the patch means: declare it with KLP_SYMBOL(<object>, dup_counter, <sympos>) from klp.h, e.g. KLP_SYMBOL(vmlinux, dup_counter, 1){{$}}
// NODEBUG-NEXT: deferred: 2 dup_counter ambiguous.c:counter_ref reference{{.*}}
// The first user in module order, not the source's first mention.
// DEBUG-NEXT: deferred: 2 dup_static ambiguous.c:[[#@LINE+18]]:10 reference to 'dup_static' is ambiguous: 4 kernel symbols have that name: vmlinux sympos 1 (t); vmlinux sympos 2 (t); ext4 sympos 0 (t); xfs sympos 0 (t). Say which one the patch means: declare it with KLP_SYMBOL(<object>, dup_static, <sympos>) from klp.h, e.g. KLP_SYMBOL(vmlinux, dup_static, 1), or pass the patched object with -mllvm -klp-object=<object>{{$}}
// NODEBUG-NEXT: deferred: 2 dup_static ambiguous.c:first_user() reference to 'dup_static' is ambiguous: 4 kernel symbols{{.*}}
// NOTES-NOT: {{.}}

// SYMS-DAG: NOTYPE  WEAK   DEFAULT UND dup_static
// SYMS-DAG: NOTYPE  WEAK   DEFAULT UND dup_counter

// The first deferred symbol of the module, by symbol table order.
// LINK: klp-convert: error: {{.*}}.ko: no object of the module defines 'dup_{{counter|static}}', and the kernel has several symbols of that name; referenced from ambiguous.c:{{.*}}: reference to 'dup_{{counter|static}}' is ambiguous:

int dup_static(int);
extern int dup_counter;
int local_helper(int);

int unrelated(int x) { return local_helper(x); }

int first_user(int x) {
  x = local_helper(x);
  return dup_static(x) + 1;
}

int second_user(int x) { return dup_static(x); }

int *counter_ref = &dup_counter;
