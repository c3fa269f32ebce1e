// SPDX-License-Identifier: GPL-2.0
/*
 * Scenario vmlinux-dup-static, module klp_e2e_dup_hint: the defrag_show of
 * mm/huge_memory.c, named by klp.h's hint macro.
 */
#include <klp.h>

KLP_SOURCE_FILE("mm/huge_memory.c");

#include "patch.h"
