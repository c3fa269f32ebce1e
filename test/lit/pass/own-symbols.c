// A reference that can only be the patch module's own is never a livepatch
// reference, whatever a manifest of a real machine lists under that name:
// the symbols kbuild gives every module (__this_module, init_module and
// cleanup_module: every loaded module shows them in /proc/kallsyms) and the
// symbols this file defines in assembly (a static call trampoline from
// module-level asm, as DEFINE_STATIC_CALL writes it, and a label of inline
// asm). They stay ordinary undefined or local symbols; a unique kernel
// static next to them is still marked.
// RUN: cp %S/Inputs/kallsyms.txt %t.kallsyms
// RUN: sed -i -e 's/^ffffffff81000a00 t init_helper$/&\nffffffff81000b00 T __SCT__tp_func_sched_switch/' %t.kallsyms
// RUN: printf '0000000000000000 d __this_module\t[nfs]\n0000000000000000 t init_module\t[nfs]\n0000000000000000 t cleanup_module\t[nfs]\n0000000000000000 t asm_label_fn\t[nfs]\n' >> %t.kallsyms
// RUN: printf '0000000000000000 d __this_module\t[btrfs]\n0000000000000000 t init_module\t[btrfs]\n0000000000000000 t cleanup_module\t[btrfs]\n0000000000000000 t asm_label_fn\t[btrfs]\n' >> %t.kallsyms
// RUN: %klp-manifest build --kallsyms %t.kallsyms \
// RUN:   --symvers %S/Inputs/Module.symvers -o %t.klpm
// RUN: %klp-manifest query %t.klpm __SCT__tp_func_sched_switch | FileCheck --check-prefix=QUERY %s
// RUN: %klp-manifest query %t.klpm __this_module | FileCheck --check-prefix=QUERY2 %s
// QUERY: vmlinux
// QUERY2: btrfs __this_module sympos=0
// QUERY2: nfs __this_module sympos=0
// RUN: %clang_kernel -O2 -c %klp_plugin -mllvm -klp-manifest=%t.klpm %s -o %t.o
// RUN: %print_marks %t.o | FileCheck --check-prefix=MARKS %s
// RUN: llvm-readelf -s %t.o | FileCheck --check-prefix=SYMS %s
// RUN: %clang_kernel -O0 -c %klp_plugin -mllvm -klp-manifest=%t.klpm %s -o %t.O0.o
// RUN: %print_marks %t.O0.o | FileCheck --check-prefix=MARKS %s

// MARKS:     2 vmlinux 0 local_helper local_helper
// MARKS-NOT: {{.}}

// SYMS-DAG: NOTYPE  GLOBAL DEFAULT   UND __this_module
// SYMS-DAG: NOTYPE  GLOBAL DEFAULT   UND init_module
// SYMS-DAG: NOTYPE  GLOBAL DEFAULT   UND cleanup_module
// SYMS-DAG: NOTYPE  GLOBAL DEFAULT     {{[0-9]+}} __SCT__tp_func_sched_switch
// SYMS-DAG: NOTYPE  LOCAL  DEFAULT     {{[0-9]+}} asm_label_fn
// SYMS-DAG: NOTYPE  WEAK   DEFAULT   UND local_helper

// What modpost's .mod.c refers to.
struct module;
extern struct module __this_module;
int init_module(void);
void cleanup_module(void);
void *const mod_refs[] = {&__this_module, (void *)init_module,
                          (void *)cleanup_module};

// arch/x86/include/asm/static_call.h, ARCH_DEFINE_STATIC_CALL_TRAMP.
asm(".pushsection .static_call.text, \"ax\"\n"
    "\t.globl __SCT__tp_func_sched_switch\n"
    "__SCT__tp_func_sched_switch:\n"
    "\tret\n"
    "\t.popsection");
void __SCT__tp_func_sched_switch(void);

extern void asm_label_fn(void);
int local_helper(int);

int patched(int x) {
  asm volatile("jmp 1f\nasm_label_fn: nop\n1:");
  __SCT__tp_func_sched_switch();
  asm_label_fn();
  return local_helper(x);
}
