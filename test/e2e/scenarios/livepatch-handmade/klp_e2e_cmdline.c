// SPDX-License-Identifier: GPL-2.0
/*
 * HAND-WRITTEN, HAND-CONVERTED TEST INPUT (not produced by klp-llvm).
 *
 * A livepatch module written the way klp-convert users write them: the
 * non-exported kernel symbols it needs are named by asm labels
 * ".klp.sym.vmlinux.<name>,0" and declared weak, so modpost stays silent.
 * post-build.sh then turns the module into the kernel's livepatch format
 * with test/e2e/lib/klp-handconvert.py. It proves the real-kernel
 * infrastructure (clang via kbuild, QEMU, livepatch enable/disable) while
 * klp-llvm's own toolchain is being written; scenarios built by the plugin
 * and klp-ld replace the hand conversion.
 *
 * It replaces cmdline_proc_show (static in fs/proc/cmdline.c) with one that
 * appends the number of forks so far (nr_processes(), not exported) to
 * saved_command_line (not exported).
 */
#include <linux/livepatch.h>
#include <linux/module.h>
#include <linux/seq_file.h>

extern int klp_nr_processes(void)
	__asm__(".klp.sym.vmlinux.nr_processes,0") __attribute__((weak));
extern char *klp_saved_command_line
	__asm__(".klp.sym.vmlinux.saved_command_line,0") __attribute__((weak));

/*
 * Every reference to a livepatch symbol sits in this table, alone in its
 * section, so the hand conversion moves whole relocation sections and never
 * has to split one (that is klp-convert's job).
 */
static void *const klp_refs[] __used __section(".klp_e2e_refs") = {
	klp_nr_processes,
	&klp_saved_command_line,
};

static int livepatch_cmdline_proc_show(struct seq_file *m, void *v)
{
	int (*nr_processes)(void) = READ_ONCE(klp_refs[0]);
	char **cmdline = READ_ONCE(klp_refs[1]);

	seq_printf(m, "%s klp_e2e_forks=%d\n", *cmdline, nr_processes());
	return 0;
}

static struct klp_func funcs[] = {
	{
		.old_name = "cmdline_proc_show",
		.new_func = livepatch_cmdline_proc_show,
	},
	{}
};

static struct klp_object objs[] = {
	{
		/* name NULL: vmlinux */
		.funcs = funcs,
	},
	{}
};

static struct klp_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
};

static int klp_e2e_cmdline_init(void)
{
	return klp_enable_patch(&patch);
}

static void klp_e2e_cmdline_exit(void)
{
}

module_init(klp_e2e_cmdline_init);
module_exit(klp_e2e_cmdline_exit);
MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");
