// SPDX-License-Identifier: GPL-2.0
/*
 * Scenario vmlinux-dup-static, module klp_e2e_dup_name: this file is named
 * after mm/khugepaged.c, the kernel file whose defrag_show it means. No
 * hint, no position: the file name decides.
 */
#include "patch.h"
