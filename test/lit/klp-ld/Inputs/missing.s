# A reference to a kernel symbol the manifest does not have.
  .text
  .globl patched_missing
patched_missing:
  call ".klp.sym.vmlinux.no_such_fn,0"
  ret
  .section .modinfo,"a"
  .asciz "livepatch=Y"
