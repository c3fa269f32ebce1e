/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The vmlinux patch of the peer-* scenarios (the annotation forms of other
 * livepatch tools). The including file declares, in its scenario's form:
 *
 *   ssize_t defrag_show(struct kobject *, struct kobj_attribute *, char *);
 *     the copy at DEFRAG_SHOW_POS (vmlinux has two static defrag_show;
 *     build.sh takes the position from the manifest)
 *   int cmdline_proc_show(struct seq_file *, void *);
 *     static, unique in vmlinux (position 0)
 *
 * version_proc_show is replaced by one that calls both and prints their
 * output and addresses ("<module> <key>=<value>" lines).
 */
#include <linux/gfp.h>
#include <linux/kobject.h>
#include <linux/seq_file.h>

static int livepatch_version_proc_show(struct seq_file *m, void *v)
{
	/* sysfs_emit() wants a whole page. */
	char *page = (char *)__get_free_page(GFP_KERNEL);
	ssize_t n;

	if (!page)
		return -ENOMEM;
	n = defrag_show(NULL, NULL, page);
	seq_printf(m, KBUILD_MODNAME " defrag_show()=%.*s", (int)n, page);
	free_page((unsigned long)page);
	seq_printf(m, KBUILD_MODNAME " &defrag_show=%px\n", defrag_show);
	seq_printf(m, KBUILD_MODNAME " &cmdline_proc_show=%px\n",
		   cmdline_proc_show);
	seq_puts(m, KBUILD_MODNAME " cmdline_proc_show()=");
	return cmdline_proc_show(m, v);
}

#include "klp_e2e_version_patch.h"
