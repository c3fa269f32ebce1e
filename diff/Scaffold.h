//===- diff/Scaffold.h - The livepatch module around the new code -*- C++
//-*-===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The C that makes the new function bodies a livepatch: a klp_func per
// replaced function (old_name, old_sympos, new_func), a klp_object per
// patched object (vmlinux, or a module by name), the klp_patch, the module
// init that enables it, MODULE_INFO(livepatch, "Y"); and the Kbuild file
// that links it with the new code's objects. The vmlinux object is always
// there, first, with klp.h's load-time guard as its pre-patch callback: the
// patch refuses to enable on another kernel build (docs/load-time-guard.md).
//
//===----------------------------------------------------------------------===//

#ifndef KLP_DIFF_SCAFFOLD_H
#define KLP_DIFF_SCAFFOLD_H

#include "diff/ReplacementPlan.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace klp {

struct Scaffold {
  std::string Source; ///< klp_diff_patch.c
  std::string Kbuild; ///< obj-m := NAME.o ...
};

/// The scaffolding of module \p Name (a module name: [A-Za-z0-9_-]) for
/// \p Plans (one per patched file; several may patch one object), whose
/// new code is in \p Objects (kbuild object names, e.g. "meminfo_new.o").
/// \p From names the fix, for the module's description.
llvm::Expected<Scaffold> makeScaffold(llvm::StringRef Name,
                                      llvm::ArrayRef<ReplacementPlan> Plans,
                                      llvm::ArrayRef<std::string> Objects,
                                      llvm::StringRef From);

/// A module name from a patch file name: "0001-proc-fix-foo.patch" ->
/// "livepatch_0001_proc_fix_foo" (at most 55 characters: MODULE_NAME_LEN).
std::string moduleNameFromPatch(llvm::StringRef PatchPath);

} // namespace klp

#endif // KLP_DIFF_SCAFFOLD_H
