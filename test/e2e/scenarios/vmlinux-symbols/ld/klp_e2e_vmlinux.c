// SPDX-License-Identifier: GPL-2.0
/* Scenario vmlinux-symbols: patch.h, klp-ld, the debug vmlinux's manifest. */
#include "../patch.h"
