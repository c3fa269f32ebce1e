/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Scenario peer-suse-v2: SUSE klp-convert's labels
 * ".klp.sym.rela.<livepatched object>.<symbol's object>.<name>,<pos>",
 * quoted for GNU as, as the klp-convert series, klp-ccp and clang-extract
 * write them (gcc drops the quotes; clang keeps them in the symbol name).
 */
#define KLP_RELOC_SYMBOL_POS(LP_OBJ_NAME, SYM_OBJ_NAME, SYM_NAME, SYM_POS)    \
	asm("\".klp.sym.rela." #LP_OBJ_NAME "." #SYM_OBJ_NAME "." #SYM_NAME \
	    "," #SYM_POS "\"")
#define KLP_RELOC_SYMBOL(LP_OBJ_NAME, SYM_OBJ_NAME, SYM_NAME)                 \
	KLP_RELOC_SYMBOL_POS(LP_OBJ_NAME, SYM_OBJ_NAME, SYM_NAME, 0)

/* The positions come from the manifest (positions.h): expand them first. */
#define RELOC_AT(lp, obj, name, pos) KLP_RELOC_SYMBOL_POS(lp, obj, name, pos)

#include "positions.h"
