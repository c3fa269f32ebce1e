// SPDX-License-Identifier: GPL-2.0
/* The same patch as ../own, as another module, built wholly for the other
 * kernel (its headers and its manifest; build.sh). */
#include "../own/klp_e2e_guard.c"
