# A livepatch module whose patch only calls exported functions: no livepatch
# relocation is needed, ordinary relocations do everything. Assembled and
# linked the way kbuild does (llvm-mc, ld.lld -r).
	.text
	.globl	lp_func
	.type	lp_func,@function
lp_func:
	callq	_printk
	movq	jiffies_64(%rip), %rax
	movq	$jiffies_64, %rcx
	retq
	.size	lp_func, .-lp_func

	.section	.modinfo,"a",@progbits
	.asciz	"livepatch=Y"
	.asciz	"license=GPL"
	.asciz	"name=livepatch_exported"

	.section	.gnu.linkonce.this_module,"aw",@progbits
	.globl	__this_module
	.p2align	6
__this_module:
	.zero	64
	.size	__this_module, 64
