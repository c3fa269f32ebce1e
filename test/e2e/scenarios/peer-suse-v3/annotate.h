/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Scenario peer-suse-v3: SUSE klp-convert's later labels
 * ".klp.sym.rela.<livepatched object>.<symbol's object>.<name>.<pos>", the
 * position after a dot (GNU as takes them without quotes); quoted too
 * (-DQUOTED), as older macros wrote them: gcc drops the quotes, clang keeps
 * them in the symbol name.
 */
#ifdef QUOTED
#define KLP_RELOC_SYMBOL_POS(LP_OBJ_NAME, SYM_OBJ_NAME, SYM_NAME, SYM_POS)    \
	asm("\".klp.sym.rela." #LP_OBJ_NAME "." #SYM_OBJ_NAME "." #SYM_NAME \
	    "." #SYM_POS "\"")
#else
#define KLP_RELOC_SYMBOL_POS(LP_OBJ_NAME, SYM_OBJ_NAME, SYM_NAME, SYM_POS)    \
	asm(".klp.sym.rela." #LP_OBJ_NAME "." #SYM_OBJ_NAME "." #SYM_NAME     \
	    "." #SYM_POS)
#endif
#define KLP_RELOC_SYMBOL(LP_OBJ_NAME, SYM_OBJ_NAME, SYM_NAME)                 \
	KLP_RELOC_SYMBOL_POS(LP_OBJ_NAME, SYM_OBJ_NAME, SYM_NAME, 0)

/* The positions come from the manifest (positions.h): expand them first. */
#define RELOC_AT(lp, obj, name, pos) KLP_RELOC_SYMBOL_POS(lp, obj, name, pos)

#include "positions.h"
