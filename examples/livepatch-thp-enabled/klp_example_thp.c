// SPDX-License-Identifier: GPL-2.0
/*
 * A livepatch that calls a static function whose name several kernel files
 * define. Debian's 6.1 cloud kernel has five static enabled_show functions
 * (drivers/base/core.c, mm/huge_memory.c, ...); the one this code means is
 * mm/huge_memory.c's, the file the patched function comes from as well.
 *
 * KLP_SOURCE_FILE says which file the code was taken from. The klp-llvm
 * plugin looks enabled_show up in the kernel's manifest, which knows each
 * static's source file when it is made from the debug vmlinux, and klp-ld
 * writes the position livepatch counts into .klp.sym.vmlinux.enabled_show,N.
 * Nobody counts the copies by hand.
 *
 * The patch replaces hpage_pmd_size_show (static in mm/huge_memory.c):
 * /sys/kernel/mm/transparent_hugepage/hpage_pmd_size then shows, after the
 * size, what enabled_show wrote and where that enabled_show is:
 *   2097152
 *   klp_example_thp enabled_show()=always madvise [never]
 *   klp_example_thp &enabled_show=ffffffff8b923af0
 */
#include <klp.h>
#include <linux/kobject.h>
#include <linux/livepatch.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/sysfs.h>

KLP_SOURCE_FILE("mm/huge_memory.c");

/* Static in mm/huge_memory.c: /sys/kernel/mm/transparent_hugepage/enabled. */
extern ssize_t enabled_show(struct kobject *kobj, struct kobj_attribute *attr,
			    char *buf);

static ssize_t livepatch_hpage_pmd_size_show(struct kobject *kobj,
					     struct kobj_attribute *attr,
					     char *buf)
{
	/* sysfs_emit() writes only at the start of a page. */
	char *page = (char *)__get_free_page(GFP_KERNEL);
	ssize_t len, n;

	if (!page)
		return -ENOMEM;
	len = enabled_show(kobj, attr, page);
	n = sysfs_emit(buf, "%lu\n", HPAGE_PMD_SIZE);
	n += sysfs_emit_at(buf, n, KBUILD_MODNAME " enabled_show()=%.*s",
			   (int)max_t(ssize_t, len, 0), page);
	n += sysfs_emit_at(buf, n, KBUILD_MODNAME " &enabled_show=%px\n",
			   enabled_show);
	free_page((unsigned long)page);
	return n;
}

static struct klp_func funcs[] = {
	{
		.old_name = "hpage_pmd_size_show",
		.new_func = livepatch_hpage_pmd_size_show,
	},
	{}
};

static struct klp_object objs[] = {
	{
		/* name NULL: vmlinux */
		.funcs = funcs,
	},
	{}
};

static struct klp_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
};

static int klp_example_thp_init(void)
{
	return klp_enable_patch(&patch);
}

static void klp_example_thp_exit(void)
{
}

module_init(klp_example_thp_init);
module_exit(klp_example_thp_exit);
MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");
