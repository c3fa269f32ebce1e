// SPDX-License-Identifier: GPL-2.0
/*
 * Scenario identity-guard: a livepatch of version_proc_show with klp.h's
 * load-time guard in its vmlinux object. Built against the running
 * kernel's manifest (own/) it loads and patches; built from the same
 * source against the other Debian kernel's manifest (other/, compiled with
 * this kernel's headers so that the module loader accepts it) its
 * pre-patch callback finds another vmlinux build ID and the patch never
 * enables.
 */
#include <linux/init.h>
#include <linux/livepatch.h>
#include <linux/module.h>
#include <linux/seq_file.h>

#include <klp.h>

static int livepatch_version_proc_show(struct seq_file *m, void *v)
{
	seq_puts(m, "klp-e2e identity-guard: patched\n");
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
	{
		/* name NULL: vmlinux */
		.funcs = funcs,
		.callbacks = KLP_VMLINUX_GUARD,
	},
	{}
};

static struct klp_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
};

static int __init guard_init(void)
{
	return klp_enable_patch(&patch);
}

static void __exit guard_exit(void)
{
}

module_init(guard_init);
module_exit(guard_exit);
MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");
