// SPDX-License-Identifier: GPL-2.0
/* Scenario lto-renamed-statics: patch.h, klp-ld, the manifest of the vmlinux plus configfs.ko. */
#include "../patch.h"
