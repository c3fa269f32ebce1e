/* SPDX-License-Identifier: GPL-2.0 */
struct seq_file;
int target_show(struct seq_file *m, void *v);
