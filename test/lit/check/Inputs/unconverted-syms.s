# Livepatch references the link step of other pipelines should have
# converted: objtool's weak ".klp.sym.*" symbols (klp diff output before
# "objtool klp post-link"), a strong ".klp.sym.*" reference, and a
# klp-convert label (KLP_RELOC_SYMBOL) before klp-convert ran.
	.text
	.globl	lp_func
	.type	lp_func,@function
lp_func:
	callq	".klp.sym.vmlinux.foo,0"
	callq	".klp.sym.vmlinux.bar,1"
	callq	".klp.sym.rela.livepatch_unconverted.ext4.ext4_fill_super,0"
	retq
	.size	lp_func, .-lp_func

	.weak	".klp.sym.vmlinux.foo,0"

	.section	.modinfo,"a",@progbits
	.asciz	"livepatch=Y"
	.asciz	"name=livepatch_unconverted"

	.section	.gnu.linkonce.this_module,"aw",@progbits
	.globl	__this_module
__this_module:
	.zero	64
