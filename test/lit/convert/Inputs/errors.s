# One patch object per error case, chosen with llvm-mc --defsym.
  .include "klp-marks.inc"
  .text
  .globl patched_fn
patched_fn:
  call nr_foo
  ret
  .weak nr_foo
  klp_mark "1 vmlinux 0 nr_foo nr_foo"

.ifdef CONFLICT
  klp_mark "1 vmlinux 3 nr_foo nr_foo"
.endif

.ifdef GOTPCREL
  .text
  movq nr_foo@GOTPCREL(%rip), %rax
.endif

.ifdef STATIC_KEY
  # A jump label whose key lives in module ext4.
  .text
1:
  nop
2:
  .section __jump_table,"aw"
  .balign 8
  .long 1b - .
  .long 2b - .
  .quad ext4_key - .
  .weak ext4_key
  klp_mark "1 ext4 0 ext4_key ext4_key"
.endif

.ifdef VMLINUX_KEY
  .text
1:
  nop
2:
  .section __jump_table,"aw"
  .balign 8
  .long 1b - .
  .long 2b - .
  .quad vmlinux_key - .
  .weak vmlinux_key
  klp_mark "1 vmlinux 0 vmlinux_key vmlinux_key"
.endif

.ifdef STATIC_CALL
  .section .static_call_sites,"aw"
  .balign 4
  .long patched_fn - .
  .long __SCK__ext4_call - .
  .weak __SCK__ext4_call
  klp_mark "1 ext4 0 __SCK__ext4_call __SCK__ext4_call"
.endif

.ifdef ALTERNATIVE
  .section .altinstr_replacement,"ax"
  call ext4_fn
  .weak ext4_fn
  klp_mark "1 ext4 0 ext4_fn ext4_fn"
.endif

.ifdef INIT
  .section .init.text,"ax"
  call ext4_fn
  .weak ext4_fn
  klp_mark "1 ext4 0 ext4_fn ext4_fn"
.endif

.ifdef NONZERO
  .data
  .reloc ., R_X86_64_64, nr_foo
  .quad 0x1234
.endif

.ifdef DEFINED_KLP_SYM
  .data
  .globl ".klp.sym.vmlinux.bar,0"
".klp.sym.vmlinux.bar,0":
  .quad 0
.endif

.ifdef BAD_LABEL
  .text
  call ".klp.sym.vmlinux.bar"
.endif

.ifdef BAD_MARK
  klp_mark "9 vmlinux 0 nr_foo nr_foo"
.endif

.ifndef NO_MODINFO
  .section .modinfo,"a"
  .asciz "livepatch=Y"
.endif
