# Conventions other tools write: asm labels already named .klp.sym.*, and
# SUSE/klp-convert's .klp.sym.rela.<lp_obj>.<obj>.<sym>,<pos> labels.
  .text
  .globl patched_fn
patched_fn:
  call ".klp.sym.vmlinux.foo.isra.0,1"
  call ".klp.sym.rela.ext4.ext4.ext4_helper,2"
  call ".klp.sym.rela.ext4.vmlinux.printk_helper,0"
  call ".klp.sym.rela.ext4.jbd2.jbd2_start,0"
  # A second name for an already named symbol: one symbol remains.
  call ".klp.sym.rela.vmlinux.vmlinux.foo.isra.0,1"
  ret
  .section .modinfo,"a"
  .asciz "livepatch=Y"
