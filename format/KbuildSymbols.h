//===- format/KbuildSymbols.h - Symbols every module defines -*- C++ -*-===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Names that kbuild gives every module, the patch module included: modpost's
// <module>.mod.c defines the module structure and refers to the module's
// init and exit functions under the aliases module_init()/module_exit()
// define. Every loaded module shows them in /proc/kallsyms
// ("__this_module [ext4]"), so a manifest of a real machine has dozens of
// each; a reference to one of them from the patch is always the patch
// module's own.
//
//===----------------------------------------------------------------------===//

#ifndef KLP_FORMAT_KBUILDSYMBOLS_H
#define KLP_FORMAT_KBUILDSYMBOLS_H

#include "llvm/ADT/StringRef.h"

namespace klp {

/// True for the symbols kbuild defines in every module (include/linux/module.h,
/// scripts/mod/modpost.c's .mod.c): never a reference to the kernel's.
inline bool isKbuildModuleSymbol(llvm::StringRef Name) {
  return Name == "__this_module" || Name == "init_module" ||
         Name == "cleanup_module";
}

} // namespace klp

#endif // KLP_FORMAT_KBUILDSYMBOLS_H
