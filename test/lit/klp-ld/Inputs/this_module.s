# What modpost's .mod.c contributes to the final module link.
  .section .gnu.linkonce.this_module,"aw",@progbits
  .balign 8
  .globl __this_module
__this_module:
  .zero 64
