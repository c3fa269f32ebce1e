// The link step decides what a translation unit left to it: the reference
// is the module's own when another file of the module defines the name (a
// two-file patch whose b.c defines a function that a.c calls, while the
// kernel has several statics of that name); it is an error when nothing
// defines it, and when another file resolved the same name by its own hints
// (one symbol cannot mean two things). klp-ld decides at the final module
// link as klp-convert does.
// RUN: %klp-manifest build --kallsyms %S/Inputs/kallsyms.txt \
// RUN:   --symvers %S/Inputs/Module.symvers -o %t.klpm
// RUN: %clang_kernel -O2 -c %klp_plugin -mllvm -klp-manifest=%t.klpm \
// RUN:   -DUSER %s -o %t.a.o
// RUN: %clang_kernel -O2 -c %klp_plugin -mllvm -klp-manifest=%t.klpm \
// RUN:   -DDEFINER %s -o %t.b.o
// RUN: %clang_kernel -O2 -c %klp_plugin -mllvm -klp-manifest=%t.klpm \
// RUN:   -mllvm -klp-object=xfs -DUSER -DOTHER %s -o %t.c.o
// RUN: %print_marks %t.a.o | FileCheck --check-prefix=A %s
// RUN: %print_marks %t.c.o | FileCheck --check-prefix=C %s

// a.o and b.o: the module defines dup_static, so it binds to b.c's.
// RUN: ld.lld -r %t.a.o %t.b.o -o %t.ab.o
// RUN: %klp-convert --verbose %t.ab.o %t.ab.ko | FileCheck --check-prefix=AB %s
// RUN: llvm-readelf -s -r %t.ab.ko | FileCheck --check-prefix=AB-ELF %s
// The same through klp-ld's final module link (with the .mod.o).
// RUN: llvm-mc -filetype=obj -triple x86_64-linux-gnu \
// RUN:   %S/../klp-ld/Inputs/this_module.s -o %t.mod.o
// RUN: %klp-ld -r %t.a.o %t.b.o %t.mod.o -o %t.ab.ld.ko
// RUN: llvm-readelf -s %t.ab.ld.ko | FileCheck --check-prefix=AB-ELF %s

// a.o alone: nothing defines it.
// RUN: ld.lld -r %t.a.o -o %t.a.ko
// RUN: not %klp-convert %t.a.ko %t.a.out 2>&1 | FileCheck --check-prefix=ALONE %s
// RUN: not %klp-ld -r %t.a.o %t.mod.o -o %t.a.ld.ko 2>&1 | FileCheck --check-prefix=ALONE %s
// RUN: not ls %t.a.out %t.a.ld.ko

// a.o with c.o, which chose xfs's dup_static by -klp-object.
// RUN: ld.lld -r %t.a.o %t.c.o -o %t.ac.ko
// RUN: not %klp-convert %t.ac.ko %t.ac.out 2>&1 | FileCheck --check-prefix=CONFLICT %s

// A:     2 vmlinux 0 local_helper local_helper
// A-NEXT: deferred: 2 dup_static deferred-link.c:patched() reference to 'dup_static' is ambiguous: 4 kernel symbols
// C: 2 xfs 0 dup_static dup_static

// AB:      converted
// AB:      marked but defined:     1
// AB-ELF-NOT: .klp.sym.{{.*}}dup_static
// AB-ELF:     FUNC    GLOBAL DEFAULT {{ *}}[[#]] dup_static
// AB-ELF-NOT: .klp.sym.{{.*}}dup_static
// AB-ELF:     .klp.sym.vmlinux.local_helper,0
// AB-ELF-NOT: .klp.sym.{{.*}}dup_static

// ALONE: error: {{.*}}: no object of the module defines 'dup_static', and the kernel has several symbols of that name; referenced from deferred-link.c:patched(): reference to 'dup_static' is ambiguous: 4 kernel symbols have that name: vmlinux sympos 1 (t); vmlinux sympos 2 (t); ext4 sympos 0 (t); xfs sympos 0 (t). Say which one the patch means:

// CONFLICT: error: {{.*}}: 'dup_static' is referenced from deferred-link.c:patched(), where it is ambiguous, and another object of the module resolved it to '.klp.sym.xfs.dup_static,0' by its own hints; one symbol cannot mean different things in different files: name the kernel symbol in deferred-link.c:patched() too (KLP_SYMBOL or KLP_SOURCE_FILE from klp.h).

static const char livepatch_info[]
    __attribute__((__used__, __section__(".modinfo"))) = "livepatch=Y";

#ifdef USER
int dup_static(int);
int local_helper(int);
#ifdef OTHER
int other(int x) { return dup_static(x); }
#else
int patched(int x) { return dup_static(x) + local_helper(x); }
#endif
#endif

#ifdef DEFINER
// b.c: the patch's own function of that name.
int dup_static(int x) { return x * 2; }
#endif
