// SPDX-License-Identifier: GPL-2.0
/*
 * Scenario module-target: a livepatch of the suite's own module
 * klp_e2e_target, written as plain C. It replaces target_show (target_b.c)
 * and reaches, through .klp.rela.klp_e2e_target.* relocations:
 *   target_reads        static variable of target_b.c
 *   helper              static function the module has twice; the copy of
 *                       target_b.c (sympos 2), chosen by KLP_SOURCE_FILE
 *   uptime_proc_show    static of the module, a name vmlinux has too; the
 *                       module's, chosen by -klp-object=klp_e2e_target
 *   klp_e2e_target_answer  exported by the module: the patch still loads
 *                       while the module is absent
 * /proc/klp_e2e_target then prints each value and address for the guest to
 * compare with /proc/kallsyms. Lines are "<key>=<value>".
 */
#include <linux/livepatch.h>
#include <linux/module.h>
#include <linux/seq_file.h>

#include <klp.h>

KLP_SOURCE_FILE("target_b.c");

extern int target_reads;
extern int helper(int x);
extern int uptime_proc_show(struct seq_file *m, void *v);
extern int klp_e2e_target_answer(void);

static int livepatch_target_show(struct seq_file *m, void *v)
{
	target_reads++;
	seq_printf(m, "patched reads=%d helper(7)=%d answer=%d\n", target_reads,
		   helper(7), klp_e2e_target_answer());
	seq_printf(m, "&target_reads=%px\n", &target_reads);
	seq_printf(m, "&helper=%px\n", helper);
	seq_printf(m, "&uptime_proc_show=%px\n", uptime_proc_show);
	seq_printf(m, "&klp_e2e_target_answer=%px\n", klp_e2e_target_answer);
	seq_puts(m, "uptime_proc_show()=");
	return uptime_proc_show(m, v);
}

static struct klp_func funcs[] = {
	{
		.old_name = "target_show",
		.new_func = livepatch_target_show,
	},
	{}
};

static struct klp_object objs[] = {
	{
		.name = "klp_e2e_target",
		.funcs = funcs,
	},
	{}
};

static struct klp_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
};

static int __init klp_e2e_modpatch_init(void)
{
	return klp_enable_patch(&patch);
}

static void __exit klp_e2e_modpatch_exit(void)
{
}

module_init(klp_e2e_modpatch_init);
module_exit(klp_e2e_modpatch_exit);
MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");
