//===- diff/ReplacementPlan.h - What the livepatch replaces -----*- C++ -*-===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// From "these functions of the file changed" to "these functions of the
// shipped kernel are replaced", decided by the shipped kernel's own code
// (its DWARF), not by what clang would do with the file:
//   - a changed function the kernel has as a symbol of its own name is
//     replaced (klp_func with its sympos);
//   - every function the kernel inlined it into is replaced too, and so on
//     up the chain;
//   - when the kernel has gcc clones of it (.isra, .constprop, .part),
//     clang code cannot stand in for them (their calling convention is
//     gcc's own), so the functions that call it are replaced instead;
//   - a changed function of which the kernel kept no code at all needs
//     nothing.
//
//===----------------------------------------------------------------------===//

#ifndef KLP_DIFF_REPLACEMENTPLAN_H
#define KLP_DIFF_REPLACEMENTPLAN_H

#include "diff/TuCompare.h"
#include "manifest/DebugUnits.h"

#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace llvm {
class Module;
} // namespace llvm

namespace klp {

class Manifest;

struct ReplacedFunction {
  std::string Name;     ///< the C name, also the IR name
  ShippedSymbol Symbol; ///< the kernel's symbol it replaces
  std::string Why;      ///< "changed", "inlines show_val_kb", ...
};

struct ReplacementPlan {
  std::string Object; ///< "vmlinux" or the module's name
  std::string File;   ///< "fs/proc/meminfo.c"
  std::vector<ReplacedFunction> Replaced;
  /// Changed functions of which the shipped kernel has no code (unused).
  std::vector<std::string> NoCode;
  /// The fix's klp.h callbacks for Object: kind ("pre_patch", ...) and the
  /// function's name in the module (filled in by the extraction).
  std::vector<std::pair<std::string, std::string>> Callbacks;
};

/// Decides what to replace for the changes of \p Changes in \p After (the
/// fixed file's IR, for its callers), against the shipped kernel's \p Unit
/// of \p Object, and checks each replaced symbol against the manifest \p M.
/// Refuses __init/__exit code and functions ftrace cannot redirect.
llvm::Expected<ReplacementPlan> planReplacement(const TuChanges &Changes,
                                                llvm::Module &After,
                                                const ShippedUnit &Unit,
                                                llvm::StringRef Object,
                                                const Manifest &M);

/// The gcc clone suffixes: "foo.isra.0" is a clone of "foo"; ".cold" parts
/// are not clones (they are a piece of the function's own code).
bool isGccClone(llvm::StringRef Symbol, llvm::StringRef Function);

} // namespace klp

#endif // KLP_DIFF_REPLACEMENTPLAN_H
