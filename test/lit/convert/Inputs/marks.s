# A patch object as the plugin leaves it: weak undefined references plus
# mark notes (docs/mark-contract.md).
  .include "klp-marks.inc"
  .text
  .globl patched_fn
  .type patched_fn,@function
patched_fn:
  call nr_foo
  movq nr_bar(%rip), %rax
  movq $nr_bar, %rcx
  call local_helper
  ret
  .size patched_fn, .-patched_fn

  .weak local_helper
local_helper:
  ret

  .data
  .globl table
table:
  .quad nr_foo
  .quad ".klp.sym.ext4.ext4_fill_super,0"

  .section .debug_info,"",@progbits
  .quad nr_foo

  .weak nr_foo
  .weak nr_bar
  .weak ".klp.sym.ext4.ext4_fill_super,0"

  klp_mark "1 vmlinux 0 nr_foo nr_foo"
  klp_mark "1 vmlinux 2 nr_bar nr_bar"
  klp_mark "1 vmlinux 0 local_helper local_helper"
  klp_mark "1 ext4 0 ext4_fill_super .klp.sym.ext4.ext4_fill_super,0"
  klp_mark "1 vmlinux 0 nr_foo nr_foo"

  .section .modinfo,"a"
  .asciz "license=GPL"
  .asciz "livepatch=Y"
