// How the plugin has to be loaded into clang. clang 19 parses -mllvm before
// it loads pass plugins, so with -fpass-plugin alone the options are
// unknown; -fplugin loads the library early enough, and -fpass-plugin then
// finds it loaded and adds the pass. (clang 22 loads pass plugins before
// -mllvm, so there -fpass-plugin alone works too.) -fplugin alone adds no
// pass: nothing is marked. Loaded without a manifest, the pass refuses to
// run silently.
// RUN: %klp-manifest build --kallsyms %S/Inputs/kallsyms.txt \
// RUN:   --symvers %S/Inputs/Module.symvers -o %t.klpm

// RUN: %if llvm-19 %{ not %clang_kernel -O2 -c -fpass-plugin=%plugin \
// RUN:   -mllvm -klp-manifest=%t.klpm %s -o %t.o 2>&1 \
// RUN:   | FileCheck --check-prefix=PASSONLY %s %}
// PASSONLY: clang (LLVM option parsing): Unknown command line argument '-klp-manifest={{.*}}.klpm'.
// RUN: %if llvm-22 %{ %clang_kernel -O2 -c -fpass-plugin=%plugin \
// RUN:   -mllvm -klp-manifest=%t.klpm %s -o %t.o %}
// RUN: %if llvm-22 %{ %print_marks %t.o | FileCheck --check-prefix=BOTH %s %}

// RUN: %clang_kernel -O2 -c -fplugin=%plugin -mllvm -klp-manifest=%t.klpm \
// RUN:   %s -o %t.o
// RUN: llvm-readelf -s -S %t.o | FileCheck --check-prefix=FPLUGINONLY %s
// FPLUGINONLY-NOT: .klp.marks
// FPLUGINONLY-NOT: WEAK

// RUN: %clang_kernel -O2 -c -fplugin=%plugin -fpass-plugin=%plugin \
// RUN:   -mllvm -klp-manifest=%t.klpm %s -o %t.o
// RUN: %print_marks %t.o | FileCheck --check-prefix=BOTH %s
// BOTH: 2 vmlinux 0 local_helper local_helper

// RUN: not %clang_kernel -O2 -c -fplugin=%plugin -fpass-plugin=%plugin \
// RUN:   %s -o %t.o 2>&1 | FileCheck --check-prefix=NOMANIFEST %s
// NOMANIFEST: error: klp-mark: no kernel manifest given; add -mllvm -klp-manifest=<file> (klp-config prints the flags), or do not load the klp-llvm plugin

// RUN: not %clang_kernel -O2 -c %klp_plugin -mllvm -klp-manifest=%t.missing \
// RUN:   %s -o %t.o 2>&1 | FileCheck --check-prefix=MISSING %s
// MISSING: error: klp-mark: {{.*}}.missing{{.*}}

// RUN: printf 'not a manifest' > %t.bad
// RUN: not %clang_kernel -O2 -c %klp_plugin -mllvm -klp-manifest=%t.bad \
// RUN:   %s -o %t.o 2>&1 | FileCheck --check-prefix=BAD %s
// BAD: error: klp-mark: {{.*}}.bad{{.*}}

int local_helper(int);

int patched(int x) { return local_helper(x); }
