/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The module patch of the peer-* scenarios: it replaces target_show of the
 * suite's module klp_e2e_target (test/e2e/scenarios/module-target/target).
 * The including file declares, in its scenario's form:
 *
 *   int target_reads;    static variable of target_b.c (position 0)
 *   int helper(int);     target_b.c's copy of the module's two static
 *                        helper, at HELPER_POS (from the manifest)
 *
 * /proc/klp_e2e_target then prints "patched reads=N helper(7)=700" and
 * both addresses ("<key>=<value>" lines).
 */
#include <linux/init.h>
#include <linux/livepatch.h>
#include <linux/module.h>
#include <linux/seq_file.h>

static int livepatch_target_show(struct seq_file *m, void *v)
{
	target_reads++;
	seq_printf(m, "patched reads=%d helper(7)=%d\n", target_reads,
		   helper(7));
	seq_printf(m, "&target_reads=%px\n", &target_reads);
	seq_printf(m, "&helper=%px\n", helper);
	return 0;
}

static struct klp_func klp_e2e_funcs[] = {
	{
		.old_name = "target_show",
		.new_func = livepatch_target_show,
	},
	{}
};

static struct klp_object klp_e2e_objs[] = {
	{
		.name = "klp_e2e_target",
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
