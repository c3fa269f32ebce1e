# A patch as the klp-llvm plugin leaves it before its link step
# (docs/mark-contract.md): the references to non-exported kernel symbols
# are weak undefined symbols named by notes in .note.klp.marks.
	.text
	.globl	lp_func
	.type	lp_func,@function
lp_func:
	callq	_printk
	callq	dump_stack_lvl.cold
	movq	nr_threads(%rip), %rax
	retq
	.size	lp_func, .-lp_func

	.weak	dump_stack_lvl.cold
	.weak	nr_threads

# One ELF note per mark (owner "klp-llvm", type 1), as
# formatMarkSectionAsm() writes them.
	.macro	mark record
	.balign	4
	.long	9, 2f - 1f, 1
	.asciz	"klp-llvm"
	.balign	4
1:	.asciz	"\record"
2:
	.endm

	.section	.note.klp.marks,"",%note
	mark	"1 vmlinux 2 dump_stack_lvl.cold dump_stack_lvl.cold"
	mark	"1 vmlinux 0 nr_threads nr_threads"
.ifdef BADMARK
	mark	"9 vmlinux 0 nr_threads nr_threads"
.endif
	.balign	4

	.section	.modinfo,"a",@progbits
	.asciz	"livepatch=Y"
	.asciz	"name=livepatch_marks"

	.section	.gnu.linkonce.this_module,"aw",@progbits
	.globl	__this_module
__this_module:
	.zero	64
