// SPDX-License-Identifier: GPL-2.0
/* Scenario peer-suse-v2, the module patch (annotate.h). */
#include "annotate.h"

extern int target_reads
	KLP_RELOC_SYMBOL(klp_e2e_target, klp_e2e_target, target_reads);
extern int helper(int x)
	RELOC_AT(klp_e2e_target, klp_e2e_target, helper, HELPER_POS);

#include "peer/target_patch.h"
