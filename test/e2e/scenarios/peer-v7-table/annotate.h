/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Scenario peer-v7-table: klp-convert v7's tables (the upstream series of
 * 2023). The patch declares kernel symbols with plain extern declarations
 * and lists, per object, the ones livepatch must resolve with their
 * positions, in a section .klp.module_relocs.<object>:
 *
 *   KLP_MODULE_RELOC(vmlinux) vmlinux_relocs[] = {
 *           KLP_SYMPOS(defrag_show, 2)
 *   };
 */
#include <linux/types.h>

struct klp_module_reloc {
	union {
		void *sym;
		u64 sym64; /* Force 64-bit width */
	};
	u32 sympos;
} __packed;

#define KLP_MODULE_RELOC(obj)                                                  \
	struct klp_module_reloc __section(".klp.module_relocs." #obj) __used   \
		__aligned(4)
#define KLP_SYMPOS(symbol, pos) { .sym = &symbol, .sympos = pos },

#include "positions.h"
