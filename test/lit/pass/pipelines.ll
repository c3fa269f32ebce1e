; Which LLVM pipelines run the pass: the plugin registers it at
; OptimizerLastEP, which every per-module pipeline (-O0 included) and both
; LTO pre-link pipelines invoke, so marks are in the bitcode before any LTO
; link. The full LTO post-link pipeline has no OptimizerLastEP. The ThinLTO
; backend pipeline does; LLVM 20+ tells the callback the phase and the pass
; stays out of it (the module was marked before the link), LLVM 19 cannot
; tell and marks again, which only repeats records.
; RUN: %klp-manifest build --kallsyms %S/Inputs/kallsyms.txt \
; RUN:   --symvers %S/Inputs/Module.symvers -o %t.klpm
; RUN: %opt -load-pass-plugin %plugin -klp-manifest=%t.klpm \
; RUN:   -passes='default<O0>' %s -S -o - | FileCheck --check-prefix=MARKED %s
; RUN: %opt -load-pass-plugin %plugin -klp-manifest=%t.klpm \
; RUN:   -passes='default<O2>' %s -S -o - | FileCheck --check-prefix=MARKED %s
; RUN: %opt -load-pass-plugin %plugin -klp-manifest=%t.klpm \
; RUN:   -passes='default<Os>' %s -S -o - | FileCheck --check-prefix=MARKED %s
; RUN: %opt -load-pass-plugin %plugin -klp-manifest=%t.klpm \
; RUN:   -passes='lto-pre-link<O2>' %s -S -o - | FileCheck --check-prefix=MARKED %s
; RUN: %opt -load-pass-plugin %plugin -klp-manifest=%t.klpm \
; RUN:   -passes='thinlto-pre-link<O2>' %s -S -o - | FileCheck --check-prefix=MARKED %s
; RUN: %opt -load-pass-plugin %plugin -klp-manifest=%t.klpm \
; RUN:   -passes='lto<O2>' %s -S -o - | FileCheck --check-prefix=UNMARKED %s
; RUN: %opt -load-pass-plugin %plugin -klp-manifest=%t.klpm \
; RUN:   -passes='thinlto<O2>' %s -S -o %t.thin.ll
; RUN: %if llvm-19 %{ FileCheck --check-prefix=MARKED %s < %t.thin.ll %}
; RUN: %if llvm-22 %{ FileCheck --check-prefix=UNMARKED %s < %t.thin.ll %}

; MARKED: module asm "\09.asciz \222 vmlinux 0 local_helper local_helper\22"
; MARKED: declare extern_weak i32 @local_helper(i32)
; UNMARKED-NOT: klp.marks
; UNMARKED: declare i32 @local_helper(i32)

target triple = "x86_64-unknown-linux-gnu"

declare i32 @local_helper(i32)

define i32 @patched(i32 %x) {
  %r = call i32 @local_helper(i32 %x)
  ret i32 %r
}
