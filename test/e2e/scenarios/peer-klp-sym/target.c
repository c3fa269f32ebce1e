// SPDX-License-Identifier: GPL-2.0
/*
 * Scenario peer-klp-sym, the module patch: klp_e2e_target's symbols named
 * by ".klp.sym.klp_e2e_target.<name>,<pos>" labels (klp.h's KLP_SYMBOL).
 */
#include <klp.h>

#include "positions.h" /* HELPER_POS, from the manifest */

#define SYMBOL(object, name, pos) KLP_SYMBOL(object, name, pos)

extern int target_reads KLP_SYMBOL(klp_e2e_target, target_reads, 0);
extern int helper(int x) SYMBOL(klp_e2e_target, helper, HELPER_POS);

#include "peer/target_patch.h"
