# KLP_SYMPOS tables klp-convert v7 would not have written; one per --defsym.
  .text
  .globl patched_fn
patched_fn:
  call homonym
  ret

.ifdef BADSIZE
  # 13 bytes: not a whole number of 12-byte entries.
  .section .klp.module_relocs.vmlinux,"aw"
  .quad homonym
  .long 1
  .byte 0
.endif

.ifdef NOBITS
  .section .klp.module_relocs.vmlinux,"aw",@nobits
  .zero 12
.endif

.ifdef BADTYPE
  # A 32-bit relocation where KLP_SYMPOS stores a 64-bit address.
  .section .klp.module_relocs.vmlinux,"aw"
  .long homonym
  .long 0
  .long 1
.endif

.ifdef NORELOC
  .section .klp.module_relocs.vmlinux,"aw"
  .quad homonym
  .long 1
  .quad 0
  .long 2
.endif

.ifdef SYMPOS_RELOC
  # A relocation on the sympos field.
  .section .klp.module_relocs.vmlinux,"aw"
  .quad homonym
  .long homonym
.endif

.ifdef ADDEND
  .section .klp.module_relocs.vmlinux,"aw"
  .quad homonym + 8
  .long 1
.endif

.ifdef SECTION_SYM
  # The address of code in the module, not of a kernel symbol.
  .section .klp.module_relocs.vmlinux,"aw"
  .quad .text
  .long 1
.endif

.ifdef BADOBJ
  # An object name longer than the kernel's MODULE_NAME_LEN - 1.
  .section .klp.module_relocs.a_module_name_that_is_longer_than_the_fifty_five_characters_a_kernel_reads,"aw"
  .quad homonym
  .long 1
.endif

.ifdef REFERENCED
  # Code that uses the array itself: the table is not only an annotation.
  .section .klp.module_relocs.vmlinux,"aw"
  .globl relocs
relocs:
  .quad homonym
  .long 1
  .text
  leaq relocs(%rip), %rax
.endif

  .section .modinfo,"a"
  .asciz "livepatch=Y"
