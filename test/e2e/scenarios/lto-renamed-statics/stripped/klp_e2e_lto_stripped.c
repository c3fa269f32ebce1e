// SPDX-License-Identifier: GPL-2.0
/*
 * Scenario lto-renamed-statics, the negative half: the same reference to
 * tainted_mask, built against a manifest whose kallsyms had the ThinLTO
 * suffix cut off (as 6.1's symbolizer prints names), so that the module
 * asks livepatch for .klp.sym.vmlinux.tainted_mask,0. Livepatch compares
 * whole kallsyms names: the kernel must refuse it.
 */
#include <linux/init.h>
#include <linux/livepatch.h>
#include <linux/module.h>
#include <linux/seq_file.h>

extern unsigned long tainted_mask;

static int livepatch_version_proc_show(struct seq_file *m, void *v)
{
	seq_printf(m, KBUILD_MODNAME " tainted_mask=%lu\n", tainted_mask);
	return 0;
}

static struct klp_func funcs[] = {
	{
		.old_name = "version_proc_show",
		.new_func = livepatch_version_proc_show,
	},
	{}
};

static struct klp_object objs[] = {
	{ .funcs = funcs }, /* vmlinux */
	{}
};

static struct klp_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
};

static int __init klp_e2e_lto_stripped_init(void)
{
	return klp_enable_patch(&patch);
}

static void __exit klp_e2e_lto_stripped_exit(void)
{
}

module_init(klp_e2e_lto_stripped_init);
module_exit(klp_e2e_lto_stripped_exit);
MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");
