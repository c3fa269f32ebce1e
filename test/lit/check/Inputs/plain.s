# An ordinary module: nothing livepatch about it.
	.text
	.globl	init_module
init_module:
	xorl	%eax, %eax
	retq

	.section	.modinfo,"a",@progbits
	.asciz	"license=GPL"
	.asciz	"name=plain"

	.section	.gnu.linkonce.this_module,"aw",@progbits
	.globl	__this_module
__this_module:
	.zero	64
