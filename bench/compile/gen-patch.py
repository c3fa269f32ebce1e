#!/usr/bin/env python3
# Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""Writes a livepatch-sized C file and the kernel symbol data it refers to.

patch.c looks like a large source-based livepatch after its kernel types are
declared locally: kernel structs, static inline helpers, well over a thousand
extern declarations of kernel functions and variables, and a few hundred
patched functions that call and read them. The declarations mix what the
pass has to tell apart: vmlinux exports (left alone), unexported vmlinux
symbols (marked), module symbols (marked with the module), names several
objects share (decided by -klp-object=vmlinux), explicit KLP_SYMBOL
positions, and the patch's own functions (unknown to the kernel).

kallsyms and Module.symvers describe a distro-sized kernel (about 200k
vmlinux symbols and 60k module symbols) that has all those names, so the
manifest the compile opens is as large as a real one. The output depends
on the seed only.

usage: gen-patch.py OUTDIR [--functions N] [--seed S]
"""
import argparse
import os
import random

WORDS = ["ext4", "inode", "dentry", "page", "folio", "skb", "sock", "tcp",
         "sched", "rq", "task", "cgroup", "bio", "blk", "queue", "irq",
         "timer", "work", "slab", "vma", "mm", "file", "seq", "proc", "net",
         "dev", "pci", "usb", "kvm", "vcpu", "rcu", "lock", "ring", "buf",
         "stat", "stats", "count", "map", "cache", "node", "list", "entry"]
VERBS = ["get", "put", "alloc", "free", "init", "update", "lookup", "insert",
         "remove", "flush", "sync", "show", "parse", "check", "account",
         "submit", "complete", "wake", "queue", "handle", "release"]
MODULES = ["ext4", "xfs", "btrfs", "nfs", "kvm", "kvm_intel", "i915",
           "nvme", "e1000e", "mlx5_core", "snd_hda_intel", "bluetooth",
           "cfg80211", "dm_mod", "nf_tables", "bridge", "overlay", "fuse"]

STRUCTS = """\
typedef unsigned long size_t;
typedef long ssize_t;
typedef long long s64;
typedef unsigned long long u64;
typedef unsigned int u32;
typedef unsigned short u16;
typedef unsigned char u8;
typedef _Bool bool;
typedef long long loff_t;
typedef unsigned int gfp_t;
#define NULL ((void *)0)
#define true 1
#define false 0
#define GFP_KERNEL 0xcc0u
#define unlikely(x) __builtin_expect(!!(x), 0)
#define likely(x) __builtin_expect(!!(x), 1)
#define READ_ONCE(x) (*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))
#define container_of(ptr, type, member)                                      \\
  ((type *)((char *)(ptr) - __builtin_offsetof(type, member)))
#define list_for_each_entry(pos, head, member)                               \\
  for (pos = container_of((head)->next, __typeof__(*pos), member);          \\
       &pos->member != (head);                                              \\
       pos = container_of(pos->member.next, __typeof__(*pos), member))

struct list_head { struct list_head *next, *prev; };
struct hlist_node { struct hlist_node *next, **pprev; };
typedef struct { int counter; } atomic_t;
typedef struct { s64 counter; } atomic64_t;
typedef struct { unsigned int slock; } spinlock_t;
struct mutex { atomic64_t owner; spinlock_t wait_lock; struct list_head wait_list; };
struct kref { atomic_t refcount; };
struct rb_node { unsigned long parent_color; struct rb_node *rb_right, *rb_left; };
struct rb_root { struct rb_node *rb_node; };
struct qstr { u32 hash; u32 len; const unsigned char *name; };
struct timespec64 { s64 tv_sec; long tv_nsec; };

struct super_block {
  struct list_head s_list;
  unsigned long s_blocksize;
  unsigned long s_flags;
  unsigned long s_magic;
  struct mutex s_umount;
  void *s_fs_info;
  atomic_t s_active;
  char s_id[32];
};

struct inode {
  unsigned short i_mode;
  unsigned int i_flags;
  unsigned long i_ino;
  loff_t i_size;
  struct timespec64 i_atime, i_mtime, i_ctime;
  spinlock_t i_lock;
  struct super_block *i_sb;
  struct list_head i_lru;
  atomic_t i_count;
  u64 i_version;
  void *i_private;
};

struct dentry {
  unsigned int d_flags;
  struct hlist_node d_hash;
  struct dentry *d_parent;
  struct qstr d_name;
  struct inode *d_inode;
  struct list_head d_child;
  struct list_head d_subdirs;
};

struct file {
  struct dentry *f_dentry;
  struct inode *f_inode;
  const void *f_op;
  spinlock_t f_lock;
  atomic64_t f_count;
  unsigned int f_flags;
  loff_t f_pos;
  void *private_data;
};

struct seq_file {
  char *buf;
  size_t size;
  size_t from;
  size_t count;
  loff_t index;
  loff_t read_pos;
  struct mutex lock;
  void *private;
};

struct sk_buff {
  struct sk_buff *next, *prev;
  void *sk;
  unsigned int len, data_len;
  u16 mac_len, hdr_len;
  u32 priority;
  u16 protocol;
  unsigned char *head, *data;
  unsigned int truesize;
  atomic_t users;
};

struct task_struct {
  unsigned int __state;
  void *stack;
  atomic_t usage;
  unsigned int flags;
  int on_cpu;
  int prio, static_prio, normal_prio;
  struct list_head tasks;
  struct rb_node run_node;
  u64 utime, stime;
  int pid, tgid;
  struct task_struct *parent;
  struct list_head children;
  char comm[16];
};

struct stat_entry {
  struct list_head node;
  struct rb_node rb;
  struct kref ref;
  unsigned long key;
  u64 hits, misses;
  u32 flags;
  char name[24];
};

static inline void INIT_LIST_HEAD(struct list_head *l) {
  WRITE_ONCE(l->next, l);
  l->prev = l;
}
static inline void list_add(struct list_head *n, struct list_head *h) {
  struct list_head *next = h->next;
  next->prev = n;
  n->next = next;
  n->prev = h;
  WRITE_ONCE(h->next, n);
}
static inline void list_del(struct list_head *e) {
  e->next->prev = e->prev;
  WRITE_ONCE(e->prev->next, e->next);
  e->next = (void *)0x100;
  e->prev = (void *)0x122;
}
static inline int list_empty(const struct list_head *h) {
  return READ_ONCE(h->next) == h;
}
static inline int atomic_read(const atomic_t *v) { return READ_ONCE(v->counter); }
static inline void atomic_inc(atomic_t *v) { __atomic_fetch_add(&v->counter, 1, 5); }
static inline int atomic_dec_and_test(atomic_t *v) {
  return __atomic_sub_fetch(&v->counter, 1, 5) == 0;
}
static inline void spin_lock(spinlock_t *l) {
  while (__atomic_exchange_n(&l->slock, 1, 2))
    __builtin_ia32_pause();
}
static inline void spin_unlock(spinlock_t *l) { __atomic_store_n(&l->slock, 0, 3); }
static inline unsigned long hash_long(unsigned long v, unsigned int bits) {
  return (v * 0x61C8864680B583EBull) >> (64 - bits);
}
"""

PROTOS = [
    ("int", "(struct inode *inode, int flags)", "{f}({ino}, {n})"),
    ("void", "(struct seq_file *m, const char *fmt, ...)", "{f}(m, \"%lu\\n\", {v})"),
    ("unsigned long", "(unsigned long v)", "{f}({v})"),
    ("struct inode *", "(struct super_block *sb, unsigned long ino)", "{f}(sb, {v})"),
    ("int", "(struct sk_buff *skb, u32 len)", "{f}(skb, {n})"),
    ("void", "(struct task_struct *p)", "{f}(p)"),
    ("bool", "(const struct dentry *d)", "{f}(d)"),
    ("long", "(struct file *file, unsigned int cmd, unsigned long arg)", "{f}(file, {n}, {v})"),
    ("void *", "(size_t size, gfp_t flags)", "{f}({n} * 8, GFP_KERNEL)"),
    ("void", "(const void *p)", "{f}(ptr)"),
]
VAR_TYPES = [("unsigned long", "{v} += {var};"),
             ("int", "{n} ^= {var};"),
             ("atomic_t", "atomic_inc(&{var});"),
             ("struct list_head", "if (!list_empty(&{var})) {n}++;"),
             ("spinlock_t", "spin_lock(&{var}); {v}++; spin_unlock(&{var});"),
             ("u64", "WRITE_ONCE({var}, {v});")]


class Names:
    def __init__(self, rng):
        self.rng = rng
        self.used = set()

    def make(self, prefix=""):
        while True:
            parts = [self.rng.choice(WORDS), self.rng.choice(VERBS),
                     self.rng.choice(WORDS)]
            if self.rng.random() < 0.5:
                parts.append(self.rng.choice(WORDS))
            name = prefix + "_".join(parts)
            if name not in self.used:
                self.used.add(name)
                return name


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("outdir")
    ap.add_argument("--functions", type=int, default=220)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    names = Names(rng)
    os.makedirs(args.outdir, exist_ok=True)

    # name -> kind; kinds decide both the declaration and the kernel data.
    funcs, variables = [], []
    kinds = (["export"] * 40 + ["local"] * 30 + ["module"] * 10 +
             ["shared"] * 6 + ["explicit"] * 4 + ["patch"] * 10)
    for i in range(1300):
        funcs.append((names.make(), rng.choice(kinds), rng.randrange(len(PROTOS))))
    for i in range(320):
        variables.append((names.make("nr_"), rng.choice(kinds),
                          rng.randrange(len(VAR_TYPES))))

    # The kernel: every name with the symbols its kind implies, inside a
    # distro-sized symbol table.
    vmlinux, modules, exports = [], {m: [] for m in MODULES}, []
    for name, kind, _ in funcs + variables:
        letter = "D" if name.startswith("nr_") else "T"
        low = letter.lower()
        if kind == "export":
            vmlinux.append((letter, name))
            exports.append((name, "vmlinux"))
        elif kind == "local":
            vmlinux.append((rng.choice([letter, low]), name))
        elif kind == "module":
            mod = rng.choice(MODULES)
            modules[mod].append((low, name))
            if rng.random() < 0.5:
                exports.append((name, mod))
        elif kind == "shared":
            vmlinux.append((low, name))
            for mod in rng.sample(MODULES, 2):
                modules[mod].append((low, name))
        elif kind == "explicit":
            vmlinux.append((low, name))
            vmlinux.append((low, name))
    for i in range(200000):
        vmlinux.append((rng.choice("TtTtDdbr"), names.make("k_")))
    for mod in MODULES:
        for i in range(3300):
            modules[mod].append((rng.choice("tTdb"), names.make(mod + "_")))
    rng.shuffle(vmlinux)
    with open(os.path.join(args.outdir, "kallsyms"), "w") as f:
        f.write("ffffffff81000000 T _stext\n")
        addr = 0xffffffff81001000
        for letter, name in vmlinux:
            f.write("%x %s %s\n" % (addr, letter, name))
            addr += 0x40
        for mod in MODULES:
            for letter, name in modules[mod]:
                f.write("0000000000000000 %s %s\t[%s]\n" % (letter, name, mod))
    with open(os.path.join(args.outdir, "Module.symvers"), "w") as f:
        for name, obj in exports:
            path = obj if obj == "vmlinux" else "kernel/%s/%s" % (obj, obj)
            f.write("0x%08x\t%s\t%s\tEXPORT_SYMBOL\t\n" %
                    (rng.getrandbits(32), name, path))

    # The patch.
    out = ["/* Generated by bench/compile/gen-patch.py; do not edit. */",
           "#include <klp.h>", "", STRUCTS]
    for name, kind, p in funcs:
        ret, params, _ = PROTOS[p]
        label = " KLP_SYMBOL(vmlinux, %s, 2)" % name if kind == "explicit" else ""
        out.append("extern %s %s%s%s;" % (ret, name, params, label))
    for name, kind, t in variables:
        label = " KLP_SYMBOL(vmlinux, %s, 1)" % name if kind == "explicit" else ""
        out.append("extern %s %s%s;" % (VAR_TYPES[t][0], name, label))
    out.append("")
    for i in range(args.functions):
        fname = "livepatch_%s_%d" % (rng.choice(WORDS), i)
        out.append("int %s(struct super_block *sb, struct seq_file *m,"
                   " struct task_struct *p, struct sk_buff *skb,"
                   " struct file *file, struct dentry *d,"
                   " struct list_head *head) {" % fname)
        out.append("  struct stat_entry *e;")
        out.append("  struct inode *ino = d->d_inode;")
        out.append("  unsigned long v = hash_long((unsigned long)sb, 10);")
        out.append("  int n = 0;")
        out.append("  void *ptr = NULL;")
        out.append("  list_for_each_entry(e, head, node) {")
        out.append("    if (e->hits > e->misses)")
        out.append("      n += e->flags & 3;")
        out.append("    else")
        out.append("      v ^= e->key;")
        out.append("  }")
        for j in range(rng.randrange(4, 9)):
            name, kind, p = rng.choice(funcs)
            call = PROTOS[p][2].format(f=name, ino="ino", n="n", v="v")
            ret = PROTOS[p][0]
            if ret == "void":
                out.append("  %s;" % call)
            elif ret.endswith("*"):
                out.append("  ptr = (void *)%s;" % call)
            else:
                out.append("  n += (int)%s;" % call)
        for j in range(rng.randrange(1, 4)):
            name, kind, t = rng.choice(variables)
            out.append("  " + VAR_TYPES[t][1].format(var=name, v="v", n="n"))
        out.append("  switch (n & 7) {")
        for c in range(4):
            out.append("  case %d:" % c)
            out.append("    v = (v << %d) | (v >> %d);" % (c + 1, 63 - c))
            out.append("    break;")
        out.append("  default:")
        out.append("    if (unlikely(!ptr))")
        out.append("      return -12;")
        out.append("  }")
        out.append("  return n + (int)v;")
        out.append("}")
        out.append("")
    with open(os.path.join(args.outdir, "patch.c"), "w") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
