// SPDX-License-Identifier: GPL-2.0
/* Scenario peer-v7-table, the module patch (annotate.h). */
#include "annotate.h"

extern int target_reads;
extern int helper(int x);

KLP_MODULE_RELOC(klp_e2e_target) target_relocs[] = {
	KLP_SYMPOS(target_reads, 0)
	KLP_SYMPOS(helper, HELPER_POS)
};

#include "peer/target_patch.h"
