// SPDX-License-Identifier: GPL-2.0
/*
 * The target module of scenario module-target, file 1 of 2: the module's
 * /proc entry, its export, a static `helper` (the module's first symbol of
 * that name) and a static `uptime_proc_show`, a name vmlinux has too.
 */
#include <linux/module.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>

#include "target.h"

static struct proc_dir_entry *entry;

/* The first `helper` of the module (sympos 1). */
static noinline __used int helper(int x)
{
	return x + 1;
}

/* vmlinux has a static uptime_proc_show too (fs/proc/uptime.c). */
static noinline __used int uptime_proc_show(struct seq_file *m, void *v)
{
	seq_puts(m, "klp_e2e_target's own uptime_proc_show\n");
	return 0;
}

/* Exported: a patch may use it without depending on the module. */
int klp_e2e_target_answer(void)
{
	return 42;
}
EXPORT_SYMBOL_GPL(klp_e2e_target_answer);

static int __init klp_e2e_target_init(void)
{
	entry = proc_create_single("klp_e2e_target", 0444, NULL, target_show);
	return entry ? 0 : -ENOMEM;
}

static void __exit klp_e2e_target_exit(void)
{
	proc_remove(entry);
}

module_init(klp_e2e_target_init);
module_exit(klp_e2e_target_exit);
MODULE_LICENSE("GPL");
