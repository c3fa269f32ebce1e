// klp-convert v7's tables (KLP_MODULE_RELOC/KLP_SYMPOS in
// .klp.module_relocs.<object>) decide for the declarations they name, also
// where the manifest alone could not (dup_static has four candidates). The
// tables leave the object; a static, unused one survives the optimizer
// until the pass reads it. Wrong entries are compile errors that say what
// the manifest has, and an entry that the file's own hints contradict is an
// error naming both.
// RUN: %klp-manifest build --kallsyms %S/Inputs/kallsyms.txt \
// RUN:   --symvers %S/Inputs/Module.symvers -o %t.klpm
// RUN: %clang_kernel -O2 -c %klp_plugin -mllvm -klp-manifest=%t.klpm %s -o %t.o
// RUN: %print_marks %t.o | FileCheck --check-prefix=MARKS %s
// RUN: llvm-readelf -S %t.o | FileCheck --check-prefix=SECS %s
// RUN: %clang_kernel -O0 -c %klp_plugin -mllvm -klp-manifest=%t.klpm %s -o %t.O0.o
// RUN: %print_marks %t.O0.o | FileCheck --check-prefix=MARKS %s
// RUN: not %clang_kernel -O2 -c %klp_plugin -mllvm -klp-manifest=%t.klpm \
// RUN:   -DWRONG_POS %s -o %t.bad.o 2>&1 | FileCheck --check-prefix=POS %s
// RUN: not %clang_kernel -O2 -c %klp_plugin -mllvm -klp-manifest=%t.klpm \
// RUN:   -mllvm -klp-object=ext4 %s -o %t.bad.o 2>&1 | FileCheck --check-prefix=HINT %s
// RUN: not %clang_kernel -O2 -c %klp_plugin -mllvm -klp-manifest=%t.klpm \
// RUN:   -DTWICE %s -o %t.bad.o 2>&1 | FileCheck --check-prefix=TWICE %s
// RUN: not %clang_kernel -O2 -c %klp_plugin -mllvm -klp-manifest=%t.klpm \
// RUN:   -DDEFINED %s -o %t.bad.o 2>&1 | FileCheck --check-prefix=DEFINED %s

// MARKS:      2 vmlinux 1 dup_counter dup_counter
// MARKS-NEXT: 2 vmlinux 2 dup_static dup_static
// MARKS-NEXT: 2 xfs 0 xfs_local xfs_local
// MARKS-NOT:  {{.}}
// SECS-NOT: .klp.module_relocs

// POS: error: livepatch symbol 'KLP_SYMPOS(dup_static, 3) of 'relocs' (.klp.module_relocs.vmlinux)': 'vmlinux' has no symbol 'dup_static' at sympos 3; the manifest has: vmlinux sympos 1 (t); vmlinux sympos 2 (t)
// HINT: error: KLP_SYMPOS(dup_static, 2) of 'relocs' (.klp.module_relocs.vmlinux) names vmlinux sympos 2 (t), but the patch's own hints (KLP_SOURCE_FILE, -klp-object, the one export of the name) choose ext4 sympos 0 (t); correct the table entry or the hint
// TWICE: error: klp-mark: KLP_SYMPOS(dup_static, 1) of 'again' (.klp.module_relocs.vmlinux) contradicts KLP_SYMPOS(dup_static, 2) of 'relocs' (.klp.module_relocs.vmlinux); one declaration can only mean one kernel symbol
// DEFINED: error: klp-mark: KLP_SYMPOS(local_helper, 0) of 'relocs' (.klp.module_relocs.vmlinux): 'local_helper' is defined in this file, so it is not a kernel symbol; remove the entry or the definition

// include/linux/livepatch.h of the klp-convert v7 series.
struct klp_module_reloc {
  union {
    void *sym;
    unsigned long long sym64;
  };
  unsigned int sympos;
} __attribute__((packed));
#define KLP_MODULE_RELOC(obj)                                                  \
  struct klp_module_reloc                                                      \
      __attribute__((__section__(".klp.module_relocs." #obj)))
#define KLP_SYMPOS(symbol, pos) {.sym = &symbol, .sympos = pos}

int dup_static(int);
extern int dup_counter;
int xfs_local(int);

#ifdef DEFINED
int local_helper(int x) { return x; }
#define EXTRA , KLP_SYMPOS(local_helper, 0)
#else
#define EXTRA
#endif

#ifdef WRONG_POS
KLP_MODULE_RELOC(vmlinux) relocs[] = {KLP_SYMPOS(dup_static, 3)};
#else
KLP_MODULE_RELOC(vmlinux) relocs[] = {KLP_SYMPOS(dup_static, 2),
                                      KLP_SYMPOS(dup_counter, 1) EXTRA};
#endif
static KLP_MODULE_RELOC(xfs) xfs_relocs[] = {KLP_SYMPOS(xfs_local, 0)};
#ifdef TWICE
KLP_MODULE_RELOC(vmlinux) again[] = {KLP_SYMPOS(dup_static, 1)};
#endif

int patched(int x) { return dup_static(x) + dup_counter + xfs_local(x); }
