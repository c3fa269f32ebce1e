// SPDX-License-Identifier: GPL-2.0
/* The same patch as ../own, as another module (build.sh builds it against
 * the other kernel's manifest). */
#include "../own/klp_e2e_guard.c"
