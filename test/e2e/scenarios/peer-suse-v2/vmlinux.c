// SPDX-License-Identifier: GPL-2.0
/* Scenario peer-suse-v2, the vmlinux patch (annotate.h). */
#include <linux/kobject.h>
#include <linux/seq_file.h>

#include "annotate.h"

extern ssize_t defrag_show(struct kobject *kobj, struct kobj_attribute *attr,
			   char *buf)
	RELOC_AT(vmlinux, vmlinux, defrag_show, DEFRAG_SHOW_POS);
extern int cmdline_proc_show(struct seq_file *m, void *v)
	KLP_RELOC_SYMBOL(vmlinux, vmlinux, cmdline_proc_show);

#include "peer/vmlinux_patch.h"
