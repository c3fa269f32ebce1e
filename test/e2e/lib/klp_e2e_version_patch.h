/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The livepatch boilerplate of the e2e modules that replace
 * version_proc_show (static, fs/proc/version.c): include it after defining
 *
 *   static int livepatch_version_proc_show(struct seq_file *m, void *v);
 *
 * and /proc/version shows what that function prints while the patch is
 * enabled. The scenarios' Kbuild files add test/e2e/lib to the include path.
 */
#ifndef KLP_E2E_VERSION_PATCH_H
#define KLP_E2E_VERSION_PATCH_H

#include <linux/init.h>
#include <linux/livepatch.h>
#include <linux/module.h>

static struct klp_func klp_e2e_funcs[] = {
	{
		.old_name = "version_proc_show",
		.new_func = livepatch_version_proc_show,
	},
	{}
};

static struct klp_object klp_e2e_objs[] = {
	{
		/* name NULL: vmlinux */
		.funcs = klp_e2e_funcs,
	},
	{}
};

static struct klp_patch klp_e2e_patch = {
	.mod = THIS_MODULE,
	.objs = klp_e2e_objs,
};

static int __init klp_e2e_init(void)
{
	return klp_enable_patch(&klp_e2e_patch);
}

static void __exit klp_e2e_exit(void)
{
}

module_init(klp_e2e_init);
module_exit(klp_e2e_exit);
MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");

#endif /* KLP_E2E_VERSION_PATCH_H */
