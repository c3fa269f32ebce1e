# What objtool klp diff (Linux 6.19+) leaves for the module link: the
# original relocation against a weak .klp.tombstone.* symbol, a weak
# .klp.sym.* placeholder, and a __klp_relocs.<obj> table of
# struct klp_reloc { void *offset; void *sym; u32 type; }.
  .text
  .globl patched_fn
patched_fn:
  nop
  call .klp.tombstone.target_fn
  movq .klp.tombstone.target_var+8(%rip), %rax
  ret
  .weak .klp.tombstone.target_fn
  .weak .klp.tombstone.target_var
  .weak ".klp.sym.vmlinux.target_fn,0"
  .weak ".klp.sym.vmlinux.target_var,2"

  .section __klp_relocs.vmlinux,"a",@progbits
  .balign 8
  .quad .text + 2
  .quad ".klp.sym.vmlinux.target_fn,0" - 4
  .long 4                       # R_X86_64_PLT32
  .long 0
  .quad .text + 9
  .quad ".klp.sym.vmlinux.target_var,2" + 4
  .long 2                       # R_X86_64_PC32
  .long 0

  .section .modinfo,"a"
  .asciz "livepatch=Y"
