# A module-specific livepatch reference from .altinstructions, through a
# .klp.sym label, for static-keys.test.
	.section .altinstructions,"a"
	.quad ".klp.sym.ext4.ext4_fill_super,0"
	.section .modinfo,"a"
	.asciz "livepatch=Y"
