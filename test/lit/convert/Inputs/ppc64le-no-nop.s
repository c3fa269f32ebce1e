# A call to a livepatch symbol without the nop the ppc64le loader needs.
  .include "klp-marks.inc"
  .text
  .globl f
f:
  bl nr_foo
  addi 3, 3, 1
  blr
  .weak nr_foo
  klp_mark "1 vmlinux 0 nr_foo nr_foo"
  .section .modinfo,"a"
  .asciz "livepatch=Y"
