// SPDX-License-Identifier: GPL-2.0
/* Scenario lto-renamed-statics: patch.h, ld.lld + klp-convert, the booted kernel's kallsyms (configfs loaded). */
#include "../patch.h"
