// SPDX-License-Identifier: GPL-2.0
/*
 * A livepatch module as klp-llvm lets you write it: plain C that calls
 * nr_processes() and reads saved_command_line, neither exported to modules.
 * The klp-llvm plugin sees in the kernel's manifest that they are not
 * exported and marks the references; klp-ld turns them into the .klp.sym /
 * .klp.rela entries the kernel resolves when the patch loads.
 *
 * The patch replaces cmdline_proc_show (static in fs/proc/cmdline.c):
 * /proc/cmdline then also shows how many processes exist.
 */
#include <linux/init.h>
#include <linux/livepatch.h>
#include <linux/module.h>
#include <linux/sched/stat.h>
#include <linux/seq_file.h>

static int livepatch_cmdline_proc_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%s klp_example_processes=%d\n", saved_command_line,
		   nr_processes());
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

static int klp_example_cmdline_init(void)
{
	return klp_enable_patch(&patch);
}

static void klp_example_cmdline_exit(void)
{
}

module_init(klp_example_cmdline_init);
module_exit(klp_example_cmdline_exit);
MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");
