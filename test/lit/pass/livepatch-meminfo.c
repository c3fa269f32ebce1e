// A livepatch written like the kernel's samples/livepatch, with the kernel
// types it needs declared locally: it replaces meminfo_proc_show, calls
// exported helpers (left alone), unexported data and a static of
// fs/proc/meminfo.c that vmlinux has twice (chosen with KLP_SYMBOL), and
// registers itself with klp_enable_patch. Compiled as kbuild compiles a
// module (-O2, -g, -fno-PIC, kernel code model, stack protector, fentry).
// RUN: %klp-manifest build --kallsyms %S/Inputs/livepatch-kallsyms.txt \
// RUN:   --symvers %S/Inputs/livepatch-Module.symvers -o %t.klpm
// RUN: %clang_kernel -O2 -g -fno-strict-aliasing -fno-common \
// RUN:   -fstack-protector-strong -pg -mfentry \
// RUN:   -ffunction-sections -fdata-sections -DMODULE -DKBUILD_MODNAME='"livepatch_meminfo"' \
// RUN:   -c %klp_plugin -mllvm -klp-manifest=%t.klpm -mllvm -klp-object=vmlinux \
// RUN:   %s -o %t.o
// RUN: llvm-readelf -s %t.o | FileCheck %s
// RUN: %print_marks %t.o | FileCheck --check-prefix=MARKS %s
// RUN: %ld.lld -r %t.o -o %t.ko
// RUN: llvm-readelf -s %t.ko | FileCheck %s
// RUN: %print_marks %t.ko | FileCheck --check-prefix=MARKS %s

// Exports stay strong:
// CHECK-DAG: GLOBAL DEFAULT UND seq_printf
// CHECK-DAG: GLOBAL DEFAULT UND si_meminfo
// CHECK-DAG: GLOBAL DEFAULT UND si_swapinfo
// CHECK-DAG: GLOBAL DEFAULT UND vm_commit_limit
// CHECK-DAG: GLOBAL DEFAULT UND klp_enable_patch
// CHECK-DAG: GLOBAL DEFAULT UND totalcma_pages
// CHECK-DAG: GLOBAL DEFAULT UND __fentry__
// Unexported kernel symbols become weak:
// CHECK-DAG: WEAK DEFAULT UND vm_committed_as
// CHECK-DAG: WEAK DEFAULT UND nr_vmalloc_pages
// CHECK-DAG: WEAK DEFAULT UND meminfo_lock
// CHECK-DAG: WEAK DEFAULT UND .klp.sym.vmlinux.show_val_kb,2
// The patch's own symbols are not the kernel's:
// CHECK-DAG: GLOBAL DEFAULT UND __this_module
// MARKS:      2 vmlinux 2 show_val_kb .klp.sym.vmlinux.show_val_kb,2
// MARKS-NEXT: 2 vmlinux 0 meminfo_lock meminfo_lock
// MARKS-NEXT: 2 vmlinux 0 nr_vmalloc_pages nr_vmalloc_pages
// MARKS-NEXT: 2 vmlinux 0 vm_committed_as vm_committed_as
// MARKS-NOT:  {{.}}

#include <klp.h>

KLP_SOURCE_FILE("fs/proc/meminfo.c");

typedef unsigned long size_t;
typedef long long s64;
typedef _Bool bool;
#define NULL ((void *)0)
#define __init __attribute__((__section__(".init.text"), __cold__))
#define __exit __attribute__((__section__(".exit.text"), __cold__))
#define PAGE_SHIFT 12

struct module;
extern struct module __this_module;
#define THIS_MODULE (&__this_module)

#define __MODULE_INFO(tag, name, info)                                         \
  static const char name[] __attribute__((__used__, __section__(".modinfo"),  \
                                          __aligned__(1))) = #tag "=" info
#define MODULE_INFO(tag, info) __MODULE_INFO(tag, __modinfo_##tag, info)
#define MODULE_LICENSE(l) __MODULE_INFO(license, __modinfo_license, l)

struct seq_file {
  char *buf;
  size_t size;
  size_t from;
  size_t count;
  long long index;
  void *private;
};

struct sysinfo {
  long uptime;
  unsigned long loads[3];
  unsigned long totalram;
  unsigned long freeram;
  unsigned long sharedram;
  unsigned long bufferram;
  unsigned long totalswap;
  unsigned long freeswap;
  unsigned short procs;
  unsigned long totalhigh;
  unsigned long freehigh;
  unsigned int mem_unit;
};

struct percpu_counter {
  int lock;
  s64 count;
};

typedef struct {
  int counter;
} spinlock_t;

struct klp_func {
  const char *old_name;
  void *new_func;
  unsigned long old_sympos;
  void *old_func;
  unsigned long kobj[8];
  unsigned long node[2];
  unsigned long stack_node[2];
  unsigned long old_size, new_size;
  bool nop;
  bool patched;
  bool transition;
};

struct klp_object {
  const char *name;
  struct klp_func *funcs;
  void *callbacks[4];
  unsigned long kobj[8];
  unsigned long func_list[2];
  unsigned long node[2];
  struct module *mod;
  bool dynamic;
  bool patched;
};

struct klp_patch {
  struct module *mod;
  struct klp_object *objs;
  void *states;
  bool replace;
};

// Exported by vmlinux.
extern void seq_printf(struct seq_file *m, const char *fmt, ...);
extern void seq_puts(struct seq_file *m, const char *s);
extern void si_meminfo(struct sysinfo *val);
extern void si_swapinfo(struct sysinfo *val);
extern unsigned long vm_commit_limit(void);
extern unsigned long totalcma_pages;
extern int klp_enable_patch(struct klp_patch *);

// Not exported: what a livepatch cannot reach without klp relocations.
extern struct percpu_counter vm_committed_as;
extern unsigned long nr_vmalloc_pages;
extern spinlock_t meminfo_lock;
// meminfo.c's own static; another file has one of the same name.
extern void show_val_kb(struct seq_file *m, const char *s, unsigned long num)
    KLP_SYMBOL(vmlinux, show_val_kb, 2);

static void spin_lock(spinlock_t *l) { __atomic_store_n(&l->counter, 1, 5); }
static void spin_unlock(spinlock_t *l) { __atomic_store_n(&l->counter, 0, 5); }

static s64 percpu_counter_read_positive(struct percpu_counter *fbc) {
  s64 ret = __atomic_load_n(&fbc->count, 0);
  return ret >= 0 ? ret : 0;
}

static int livepatch_meminfo_proc_show(struct seq_file *m, void *v) {
  struct sysinfo i;
  unsigned long committed;
  unsigned long vmalloc_pages;
  char scratch[64];

  si_meminfo(&i);
  si_swapinfo(&i);
  spin_lock(&meminfo_lock);
  committed = percpu_counter_read_positive(&vm_committed_as);
  vmalloc_pages = nr_vmalloc_pages;
  spin_unlock(&meminfo_lock);

  __builtin_memset(scratch, 0, sizeof(scratch));
  seq_puts(m, "livepatched\n");
  show_val_kb(m, "MemTotal:       ", i.totalram);
  show_val_kb(m, "MemFree:        ", i.freeram);
  show_val_kb(m, "SwapTotal:      ", i.totalswap);
  show_val_kb(m, "CommitLimit:    ", vm_commit_limit());
  show_val_kb(m, "Committed_AS:   ", committed);
  seq_printf(m, "VmallocUsed:    %8lu kB\n", vmalloc_pages << (PAGE_SHIFT - 10));
  show_val_kb(m, "CmaTotal:       ", totalcma_pages);
  seq_printf(m, "%s", scratch);
  return 0;
}

static struct klp_func funcs[] = {
    {
        .old_name = "meminfo_proc_show",
        .new_func = livepatch_meminfo_proc_show,
    },
    {}};

static struct klp_object objs[] = {
    {
        /* name being NULL means vmlinux */
        .funcs = funcs,
    },
    {}};

static struct klp_patch patch = {
    .mod = THIS_MODULE,
    .objs = objs,
};

int __init livepatch_init(void) { return klp_enable_patch(&patch); }
void __exit livepatch_exit(void) {}

MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");
