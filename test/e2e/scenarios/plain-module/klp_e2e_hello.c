// SPDX-License-Identifier: GPL-2.0
/*
 * A plain module built by clang against the gcc-built kernel: proves the
 * kbuild overrides (klp-config --kbuild without a manifest) give a module
 * the kernel loads, whose ftrace call sites recordmcount found, and which
 * unloads cleanly.
 */
#include <linux/module.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>

static struct proc_dir_entry *entry;

static noinline int klp_e2e_hello_show(struct seq_file *m, void *v)
{
	seq_printf(m, "klp_e2e_hello built by %s\n", __VERSION__);
	return 0;
}

static int __init klp_e2e_hello_init(void)
{
	entry = proc_create_single("klp_e2e_hello", 0444, NULL,
				   klp_e2e_hello_show);
	if (!entry)
		return -ENOMEM;
	pr_info("klp_e2e_hello: loaded\n");
	return 0;
}

static void __exit klp_e2e_hello_exit(void)
{
	proc_remove(entry);
	pr_info("klp_e2e_hello: unloaded\n");
}

module_init(klp_e2e_hello_init);
module_exit(klp_e2e_hello_exit);
MODULE_LICENSE("GPL");
