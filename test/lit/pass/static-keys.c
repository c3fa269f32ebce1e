// A static key in a module cannot back a jump label in a livepatch: its
// __jump_table entry would be relocated after the kernel initialised jump
// labels. The pass rejects static_branch_*() on such a key at the source
// line and accepts static_key_enabled() on it, and jump labels on vmlinux
// keys. The jump label is x86's arch_static_branch, as the kernel writes it.
// RUN: %klp-manifest build --kallsyms %S/Inputs/kallsyms.txt \
// RUN:   --symvers %S/Inputs/Module.symvers -o %t.klpm
// RUN: not %clang_kernel -g -O2 -c %klp_plugin -mllvm -klp-manifest=%t.klpm \
// RUN:   -DMODULE_BRANCH %s -o %t.o 2>&1 | FileCheck --check-prefix=ERR %s
// RUN: %clang_kernel -g -O2 -c %klp_plugin -mllvm -klp-manifest=%t.klpm \
// RUN:   %s -o %t.o
// RUN: llvm-readelf -r %t.o | FileCheck %s
// RUN: %print_marks %t.o | FileCheck --check-prefix=MARKS %s

// CHECK-LABEL: Relocation section '.rela__jump_table'
// CHECK: R_X86_64_PC64 {{.*}} sched_fast_key + 0
// MARKS:      2 ext4 0 ext4_fast_key ext4_fast_key
// MARKS-NEXT: 2 vmlinux 0 sched_fast_key sched_fast_key
// MARKS-NOT:  {{.}}

typedef _Bool bool;
struct static_key {
  int enabled;
};
struct static_key_false {
  struct static_key key;
};

static inline __attribute__((always_inline)) bool
arch_static_branch(struct static_key *key, bool branch) {
  asm goto("1: .byte 0x0f,0x1f,0x44,0x00,0x00\n\t"
           ".pushsection __jump_table, \"aw\"\n\t"
           ".balign 8\n\t"
           ".long 1b - .\n\t"
           ".long %l[l_yes] - .\n\t"
           ".quad %c0 + %c1 - .\n\t"
           ".popsection\n\t"
           :
           : "i"(key), "i"(branch)
           :
           : l_yes);
  return 0;
l_yes:
  return 1;
}
#define static_branch_unlikely(x) arch_static_branch(&(x)->key, 0)
#define static_key_enabled(x) (*(volatile int *)&(x)->enabled > 0)

extern struct static_key_false sched_fast_key;
extern struct static_key_false ext4_fast_key;
int local_helper(int);

int patched(int x) {
  if (static_branch_unlikely(&sched_fast_key))
    x++;
  if (static_key_enabled(&ext4_fast_key.key))
    x--;
#ifdef MODULE_BRANCH
  // ERR: static-keys.c:[[@LINE+3]]:7: error: static key 'ext4_fast_key' lives in module 'ext4': the patch's jump label would be relocated after the kernel initialised jump labels and never be switched; use static_key_enabled() instead of static_branch_*()
  // ERR-NOT: error:
  // ERR: 1 error generated.
  if (static_branch_unlikely(&ext4_fast_key))
    x *= 2;
#endif
  return x;
}
