//===- diff/TuCompare.h - Which functions a fix changed ---------*- C++ -*-===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Compares the IR of one translation unit before and after the fix, as
// clang emits it before any optimization (no inlining yet), so that only
// functions whose own code changed count as changed. LLVM's
// FunctionComparator compares the bodies; globals are matched by name, and
// the unnamed constants (string literals, compound literals) by content, so
// that a new string elsewhere in the file does not make every function that
// uses "%s\n" different. Debug locations are not compared: with the #line
// directives of applyFilePatch, __LINE__ is the same in untouched code too.
//
//===----------------------------------------------------------------------===//

#ifndef KLP_DIFF_TUCOMPARE_H
#define KLP_DIFF_TUCOMPARE_H

#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace llvm {
class Module;
} // namespace llvm

namespace klp {

struct TuChanges {
  std::vector<std::string> Changed;   ///< defined in both, different code
  std::vector<std::string> Added;     ///< defined only after the fix
  std::vector<std::string> Removed;   ///< defined only before it
  std::vector<std::string> AddedData; ///< new global variables (IR names)
};

/// Compares \p Before and \p After (same LLVMContext; both are changed:
/// debug info is stripped). Refuses, naming \p File and the variable, a fix
/// that changes the type or the initial value of existing data: livepatch
/// replaces functions, the kernel's data stays as it is.
llvm::Expected<TuChanges>
compareUnits(llvm::Module &Before, llvm::Module &After, llvm::StringRef File);

} // namespace klp

#endif // KLP_DIFF_TUCOMPARE_H
