/* SPDX-License-Identifier: GPL-2.0 */
struct seq_file;
int target_show(struct seq_file *m, void *v);
/* The module's export (target_a.c): declared, or 6.8+'s default
 * -Wmissing-prototypes warns. */
int klp_e2e_target_answer(void);
