// SPDX-License-Identifier: GPL-2.0
/* Scenario peer-v7-table, the vmlinux patch (annotate.h). */
#include <linux/kobject.h>
#include <linux/seq_file.h>

#include "annotate.h"

extern ssize_t defrag_show(struct kobject *kobj, struct kobj_attribute *attr,
			   char *buf);
extern int cmdline_proc_show(struct seq_file *m, void *v);

KLP_MODULE_RELOC(vmlinux) vmlinux_relocs[] = {
	KLP_SYMPOS(defrag_show, DEFRAG_SHOW_POS)
	KLP_SYMPOS(cmdline_proc_show, 0)
};

#include "peer/vmlinux_patch.h"
