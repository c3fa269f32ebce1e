// SPDX-License-Identifier: GPL-2.0
/* Scenario vmlinux-symbols: patch.h, ld.lld + klp-convert, kallsyms. */
#include "../patch.h"
