// SPDX-License-Identifier: GPL-2.0
/*
 * Scenario wrong-sympos (negative): a livepatch built against a stale
 * manifest, one that lists a third defrag_show in vmlinux the running
 * kernel does not have (as a manifest of another build of the kernel
 * could). The patch names that third copy with klp.h's KLP_SYMBOL; the
 * plugin accepts it because the stale manifest has it. klp-check with the
 * running kernel's manifest must refuse the module with the message the
 * kernel prints, and the kernel must refuse to load it with that message.
 */
#include <linux/kobject.h>
#include <linux/seq_file.h>

#include <klp.h>

extern ssize_t third_defrag_show(struct kobject *kobj,
				 struct kobj_attribute *attr, char *buf)
	KLP_SYMBOL(vmlinux, defrag_show, 3);

static int livepatch_version_proc_show(struct seq_file *m, void *v)
{
	seq_printf(m, "third defrag_show at %px\n", third_defrag_show);
	return 0;
}

#include "klp_e2e_version_patch.h"
