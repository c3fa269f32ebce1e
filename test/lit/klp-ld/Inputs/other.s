  .include "klp-marks.inc"
  .text
  .globl other_fn
other_fn:
  call nr_foo
  ret
  .weak nr_foo
  klp_mark "1 vmlinux 0 nr_foo nr_foo"
