/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Scenario lto-renamed-statics: a livepatch that reaches statics ThinLTO
 * promoted and renamed "<name>.llvm.<hash>" in the clang-lto kernel, by
 * their plain C names:
 *   tainted_mask          static variable of kernel/panic.c (vmlinux)
 *   tty_ldiscs_seq_show() static function of drivers/tty/tty_ldisc.c
 *                         (vmlinux; /proc/tty/ldiscs's show function)
 *   configfs_root_group   static variable of fs/configfs/mount.c, in the
 *                         module configfs
 *   configfs_is_root()    configfs's global, not exported (not renamed)
 * Livepatch in 6.1 finds a symbol by its whole kallsyms name, so each
 * renamed one must reach the module as .klp.sym.<obj>.<name>.llvm.<hash>;
 * the plugin finds that name in the manifest. It replaces
 * version_proc_show (fs/proc/version.c): /proc/version then prints each
 * value and address as "<module> <key>=<value>" for the guest to compare
 * with /proc/sys/kernel/tainted, /proc/tty/ldiscs and /proc/kallsyms.
 */
#include <linux/configfs.h>
#include <linux/init.h>
#include <linux/livepatch.h>
#include <linux/module.h>
#include <linux/seq_file.h>

extern unsigned long tainted_mask;
extern int tty_ldiscs_seq_show(struct seq_file *m, void *v);
extern struct config_group configfs_root_group;
extern int configfs_is_root(struct config_item *item);

static int livepatch_version_proc_show(struct seq_file *m, void *v)
{
	loff_t pos = 0;

	seq_printf(m, KBUILD_MODNAME " tainted_mask=%lu\n", tainted_mask);
	seq_printf(m, KBUILD_MODNAME " &tainted_mask=%px\n", &tainted_mask);
	seq_printf(m, KBUILD_MODNAME " &tty_ldiscs_seq_show=%px\n",
		   tty_ldiscs_seq_show);
	seq_printf(m, KBUILD_MODNAME " &configfs_root_group=%px\n",
		   &configfs_root_group);
	seq_printf(m, KBUILD_MODNAME " configfs_root_group.name=%s\n",
		   config_item_name(&configfs_root_group.cg_item));
	seq_printf(m, KBUILD_MODNAME " configfs_is_root()=%d\n",
		   configfs_is_root(&configfs_root_group.cg_item));
	seq_puts(m, KBUILD_MODNAME " tty_ldiscs_seq_show(0)=");
	return tty_ldiscs_seq_show(m, &pos);
}

static struct klp_func funcs[] = {
	{
		.old_name = "version_proc_show",
		.new_func = livepatch_version_proc_show,
	},
	{}
};

/* configfs has nothing patched; its object carries the relocations. */
static struct klp_func no_funcs[] = { {} };

static struct klp_object objs[] = {
	{ .funcs = funcs }, /* vmlinux */
	{ .name = "configfs", .funcs = no_funcs },
	{}
};

static struct klp_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
};

static int __init klp_e2e_lto_init(void)
{
	return klp_enable_patch(&patch);
}

static void __exit klp_e2e_lto_exit(void)
{
}

module_init(klp_e2e_lto_init);
module_exit(klp_e2e_lto_exit);
MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");
