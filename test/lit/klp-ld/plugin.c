// C through the pass plugin, then klp-ld as the module linker: the
// references the plugin marked come out as .klp.sym/.klp.rela, and
// --klp-manifest checks the result with klp-check's rules.
// REQUIRES: plugin
// RUN: rm -rf %t && mkdir %t
// RUN: %klp-manifest build --kallsyms %S/Inputs/kallsyms.txt -o %t/m.klpm
// RUN: %clang_kernel -O2 -fplugin=%plugin -fpass-plugin=%plugin \
// RUN:   -mllvm -klp-manifest=%t/m.klpm -c %S/Inputs/patch.c -o %t/patch.o
// RUN: llvm-mc -filetype=obj -triple x86_64-linux-gnu %S/Inputs/this_module.s -o %t/mod.o
// RUN: %klp-ld -r %t/patch.o -o %t/livepatch.o
// RUN: %klp-ld -r %t/livepatch.o %t/mod.o -o %t/livepatch.ko --klp-manifest=%t/m.klpm
// RUN: llvm-readelf -S -r -s %t/livepatch.ko | FileCheck %s
// CHECK-NOT: .note.klp.marks
// CHECK: .klp.rela.vmlinux.text RELA {{.*}} AIo
// CHECK: Relocation section '.klp.rela.vmlinux.text'
// CHECK-DAG: R_X86_64_PLT32 {{.*}} .klp.sym.vmlinux.nr_foo,0 - 4
// CHECK-DAG: R_X86_64_PLT32 {{.*}} .klp.sym.vmlinux.helper,0 - 4
// CHECK-DAG: R_X86_64_PC32 {{.*}} .klp.sym.vmlinux.nr_bar,0 - 4
// CHECK: Symbol table '.symtab'
// CHECK-DAG: GLOBAL DEFAULT OS[0xff20] .klp.sym.vmlinux.nr_foo,0
// CHECK-DAG: GLOBAL DEFAULT OS[0xff20] .klp.sym.vmlinux.helper,0
// CHECK-DAG: GLOBAL DEFAULT OS[0xff20] .klp.sym.vmlinux.nr_bar,0

// A module whose livepatch symbol the manifest does not know: klp-check's
// report, and no module.
// RUN: llvm-mc -filetype=obj -triple x86_64-linux-gnu %S/Inputs/missing.s -o %t/missing.o
// RUN: not %klp-ld -r %t/missing.o %t/mod.o -o %t/missing.ko --klp-manifest=%t/m.klpm 2>&1 | FileCheck %s --check-prefix=MISSING
// MISSING: no_such_fn
// MISSING: klp-ld: error: {{.*}}missing.ko: klp-check found {{[1-9][0-9]*}} error(s) against manifest {{.*}}m.klpm
// RUN: not ls %t/missing.ko
