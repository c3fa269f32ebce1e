// SPDX-License-Identifier: GPL-2.0
/* Scenario vmlinux-symbols: patch.h, klp-ld, the kallsyms' manifest. */
#include "../patch.h"
