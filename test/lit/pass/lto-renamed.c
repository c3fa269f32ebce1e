// ThinLTO renames a static it promotes (a function that uses it was
// imported into another translation unit) to "<name>.llvm.<hash>", and
// kallsyms lists it so; the kernel's livepatch lookup compares whole names
// (6.1's klp_find_object_symbol through kallsyms_on_each_symbol). A patch
// names the static by its C name; the pass finds the renamed symbol and
// marks the reference with the kernel's name, which the .klp.sym symbol
// then carries. The usual rules choose among a name and its renames.
// RUN: %klp-manifest build --kallsyms %S/Inputs/lto-kallsyms.txt -o %t.klpm
// RUN: %clang_kernel -O2 -c %klp_plugin -mllvm -klp-manifest=%t.klpm %s -o %t.o
// RUN: llvm-readelf -s %t.o | FileCheck --check-prefix=SYMS %s
// RUN: %print_marks %t.o | FileCheck --check-prefix=MARKS %s

// The module's references keep the C name; the marks carry the kernel's.
// SYMS-DAG: NOTYPE  WEAK   DEFAULT UND show_cpuinfo
// SYMS-DAG: NOTYPE  WEAK   DEFAULT UND tainted_mask
// SYMS-DAG: NOTYPE  WEAK   DEFAULT UND configfs_root_group
// SYMS-DAG: NOTYPE  WEAK   DEFAULT UND plain_static

// The name's only symbol is a rename: that one, in vmlinux and in a module.
// A name and its rename, or two renames (two files' statics): as for any
// name several symbols share, the link step decides or reports. The same
// rename twice is counted like any repeated name. ".llvm." followed by
// something that is no hash is not a rename.
// MARKS:      2 configfs 0 configfs_root_group.llvm.9021728260561290029 configfs_root_group
// MARKS-NEXT: 2 vmlinux 0 plain_static plain_static
// MARKS-NEXT: 2 vmlinux 0 show_cpuinfo.llvm.13097711426844151695 show_cpuinfo
// MARKS-NEXT: 2 vmlinux 0 tainted_mask.llvm.2171377185924479398 tainted_mask
// MARKS-NEXT: deferred: 2 both lto-renamed.c:use() reference to 'both' is ambiguous: 2 kernel symbols have that name: vmlinux sympos 0 (t); vmlinux both.llvm.333 sympos 0 (t).
// MARKS-SAME: e.g. KLP_SYMBOL(vmlinux, both, 0){{$}}
// MARKS-NEXT: deferred: 2 twice lto-renamed.c:use() reference to 'twice' is ambiguous: 2 kernel symbols have that name: vmlinux twice.llvm.111 sympos 0 (t); vmlinux twice.llvm.222 sympos 0 (t).
// MARKS-SAME: e.g. KLP_SYMBOL(vmlinux, twice.llvm.111, 0){{$}}
// MARKS-NEXT: deferred: 2 twin lto-renamed.c:use() reference to 'twin' is ambiguous: 2 kernel symbols have that name: vmlinux twin.llvm.444 sympos 1 (t); vmlinux twin.llvm.444 sympos 2 (t).
// MARKS-SAME: e.g. KLP_SYMBOL(vmlinux, twin.llvm.444, 1){{$}}
// MARKS-NOT:  {{.}}

struct seq_file;
int show_cpuinfo(struct seq_file *m, void *v);
extern unsigned long tainted_mask;
extern char configfs_root_group[64];
int plain_static(void);
int twice(void);
int both(void);
int twin(void);
int not_a_hash(void);

long use(struct seq_file *m) {
  return show_cpuinfo(m, 0) + tainted_mask + configfs_root_group[3] +
         plain_static() + twice() + both() + twin() + not_a_hash();
}
