/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Scenario vmlinux-symbols: a livepatch that reaches three kinds of vmlinux
 * symbols the module loader cannot resolve, written as plain C:
 *   nr_processes()       global function, not exported
 *   saved_command_line   global variable, not exported
 *   cmdline_proc_show()  static function of fs/proc/cmdline.c
 * It replaces version_proc_show (static, fs/proc/version.c): /proc/version
 * then prints each value and each address, so that the guest can compare
 * them with what it reads independently (/proc/<pid> count, /proc/cmdline,
 * /proc/kallsyms). Lines are "<module> <key>=<value>". Each folder's .c
 * file includes this body: one module per way of building it
 * (scenario.conf).
 */
#include <linux/sched/stat.h>
#include <linux/seq_file.h>

/* static in fs/proc/cmdline.c: declared here, resolved by livepatch. */
extern int cmdline_proc_show(struct seq_file *m, void *v);

static int livepatch_version_proc_show(struct seq_file *m, void *v)
{
	seq_printf(m, KBUILD_MODNAME " nr_processes=%d\n", nr_processes());
	seq_printf(m, KBUILD_MODNAME " saved_command_line=%s\n",
		   saved_command_line);
	seq_printf(m, KBUILD_MODNAME " &nr_processes=%px\n", nr_processes);
	seq_printf(m, KBUILD_MODNAME " &saved_command_line=%px\n",
		   &saved_command_line);
	seq_printf(m, KBUILD_MODNAME " &cmdline_proc_show=%px\n",
		   cmdline_proc_show);
	seq_puts(m, KBUILD_MODNAME " cmdline_proc_show()=");
	return cmdline_proc_show(m, v);
}

#include "klp_e2e_version_patch.h"
