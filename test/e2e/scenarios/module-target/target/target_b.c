// SPDX-License-Identifier: GPL-2.0
/*
 * The target module of scenario module-target, file 2 of 2: the function
 * the livepatch replaces, the static counter it keeps, and the module's
 * second static `helper` (sympos 2).
 */
#include <linux/seq_file.h>

#include "target.h"

static int target_reads;

/* The second `helper` of the module (sympos 2). */
static noinline __used int helper(int x)
{
	return x * 100;
}

noinline int target_show(struct seq_file *m, void *v)
{
	target_reads++;
	seq_printf(m, "original reads=%d helper(7)=%d\n", target_reads,
		   helper(7));
	return 0;
}
