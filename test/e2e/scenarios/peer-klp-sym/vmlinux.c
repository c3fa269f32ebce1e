// SPDX-License-Identifier: GPL-2.0
/*
 * Scenario peer-klp-sym, the vmlinux patch: each kernel symbol named by an
 * asm label ".klp.sym.vmlinux.<name>,<pos>", written by klp.h's KLP_SYMBOL
 * (which quotes the label for GNU as when gcc compiles).
 */
#include <linux/kobject.h>
#include <linux/seq_file.h>

#include <klp.h>

#include "positions.h" /* DEFRAG_SHOW_POS, from the manifest */

/* KLP_SYMBOL stringifies the position as written: expand it first. */
#define SYMBOL(object, name, pos) KLP_SYMBOL(object, name, pos)

extern ssize_t defrag_show(struct kobject *kobj, struct kobj_attribute *attr,
			   char *buf) SYMBOL(vmlinux, defrag_show, DEFRAG_SHOW_POS);
extern int cmdline_proc_show(struct seq_file *m, void *v)
	KLP_SYMBOL(vmlinux, cmdline_proc_show, 0);

#include "peer/vmlinux_patch.h"
