; opt loads the same library: -load-pass-plugin registers klp-mark for
; -passes, and the options follow it. Declarations are marked, everything
; else is left alone: definitions, intrinsics, unused declarations and
; exports. "\01" asm-label names are read without the prefix.
; RUN: %klp-manifest build --kallsyms %S/Inputs/kallsyms.txt \
; RUN:   --symvers %S/Inputs/Module.symvers -o %t.klpm
; RUN: %opt -load-pass-plugin %plugin -passes=klp-mark -klp-manifest=%t.klpm \
; RUN:   -klp-object=ext4 %s -S -o - | FileCheck -DMARKS=%marks_section %s
; RUN: not %opt -load-pass-plugin %plugin -passes=klp-mark %s -S -o /dev/null 2>&1 \
; RUN:   | FileCheck --check-prefix=NOMANIFEST %s
; RUN: %opt -load-pass-plugin %plugin -passes=klp-mark -klp-manifest=%t.klpm \
; RUN:   %s -S -o - | FileCheck --check-prefix=AMBIGUOUS %s

; CHECK:     module asm "\09.pushsection [[MARKS]],
; CHECK:     module asm "\09.asciz \222 vmlinux 1 dup_static .klp.sym.vmlinux.dup_static,1\22"
; CHECK:     module asm "\09.asciz \222 ext4 0 dup_static dup_static\22"
; CHECK:     module asm "\09.asciz \222 vmlinux 0 local_helper local_helper\22"
; CHECK:     module asm "\09.asciz \222 vmlinux 0 nr_threads nr_threads\22"
; CHECK-NOT: module asm "\09.asciz \221
; CHECK:     module asm "\09.popsection"

; CHECK-DAG: @nr_threads = extern_weak global i32
; CHECK-DAG: @jiffies = external global i64
; CHECK-DAG: @local_table = external global [16 x i8]
; CHECK-DAG: declare extern_weak i32 @local_helper(i32)
; CHECK-DAG: declare extern_weak i32 @dup_static(i32)
; CHECK-DAG: declare extern_weak i32 @"\01.klp.sym.vmlinux.dup_static,1"(i32)
; CHECK-DAG: declare i32 @printk(ptr, ...)
; CHECK-DAG: declare i32 @vm_global()
; CHECK-DAG: define i32 @shared_name()
; CHECK-DAG: declare void @llvm.memset.p0.i64(

; NOMANIFEST: error: klp-mark: no kernel manifest given; add -mllvm -klp-manifest=<file> (klp-config prints the flags), or do not load the klp-llvm plugin

; Without -klp-object, dup_static is left to the link step.
; AMBIGUOUS: module asm "\09.long 9, {{[0-9]+}}, 2"
; AMBIGUOUS: module asm "\09.asciz \222 dup_static opt-plugin.ll:patched() reference to 'dup_static' is ambiguous: 4 kernel symbols have that name

target triple = "x86_64-unknown-linux-gnu"

@nr_threads = external global i32
@jiffies = external global i64
; Unused: not marked.
@local_table = external global [16 x i8]

declare i32 @printk(ptr, ...)
declare i32 @local_helper(i32)
declare i32 @dup_static(i32)
declare i32 @"\01.klp.sym.vmlinux.dup_static,1"(i32)
; Unused: not marked.
declare i32 @vm_global()
declare void @llvm.memset.p0.i64(ptr, i8, i64, i1)

; Defined here, so the module's own, whatever the kernel has.
define i32 @shared_name() {
  ret i32 0
}

define i32 @patched(ptr %buf) {
  call void @llvm.memset.p0.i64(ptr %buf, i8 0, i64 16, i1 false)
  %t = load i32, ptr @nr_threads
  %j = load i64, ptr @jiffies
  %a = call i32 @local_helper(i32 %t)
  %b = call i32 @dup_static(i32 %a)
  %c = call i32 @"\01.klp.sym.vmlinux.dup_static,1"(i32 %b)
  %d = call i32 @shared_name()
  %p = call i32 (ptr, ...) @printk(ptr %buf, i64 %j)
  %s = add i32 %c, %d
  ret i32 %s
}
