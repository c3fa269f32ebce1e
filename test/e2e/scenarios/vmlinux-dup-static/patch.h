/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Scenario vmlinux-dup-static: the body shared by both modules. vmlinux has
 * two static functions named defrag_show (mm/huge_memory.c for
 * /sys/kernel/mm/transparent_hugepage/defrag, mm/khugepaged.c for
 * .../khugepaged/defrag). The including file says which one it means only
 * by naming the kernel source file it was taken from; nobody counts
 * positions. version_proc_show is replaced by one that prints what the
 * chosen defrag_show writes and its address:
 *   <module> defrag_show()=<output>
 *   <module> &defrag_show=<address>
 */
#include <linux/gfp.h>
#include <linux/kobject.h>
#include <linux/seq_file.h>

/* Static in the kernel source file this TU names. */
extern ssize_t defrag_show(struct kobject *kobj, struct kobj_attribute *attr,
			   char *buf);

static int livepatch_version_proc_show(struct seq_file *m, void *v)
{
	/* sysfs_emit() wants a whole page. */
	char *page = (char *)__get_free_page(GFP_KERNEL);
	ssize_t n;

	if (!page)
		return -ENOMEM;
	n = defrag_show(NULL, NULL, page);
	seq_printf(m, KBUILD_MODNAME " defrag_show()=%.*s", (int)n, page);
	seq_printf(m, KBUILD_MODNAME " &defrag_show=%px\n", defrag_show);
	free_page((unsigned long)page);
	return 0;
}

#include "klp_e2e_version_patch.h"
