//===- passes/Diagnostics.h - Errors the way clang prints them --*- C++ -*-===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The pass reports through the LLVMContext, so clang prints its errors like
// its own ("file:line:col: error: ...", with the source line when the TU has
// debug info) and exits non-zero, and opt prints them too.
//
//===----------------------------------------------------------------------===//

#ifndef KLP_PASSES_DIAGNOSTICS_H
#define KLP_PASSES_DIAGNOSTICS_H

#include "llvm/ADT/Twine.h"

#include <string>

namespace llvm {
class GlobalValue;
class GlobalVariable;
class Instruction;
class Module;
} // namespace llvm

namespace klp {

class MarkDiagnostics {
public:
  explicit MarkDiagnostics(llvm::Module &M) : M(M) {}

  /// An error about the references to \p Decl, located at the first
  /// instruction (in module order) that uses it, or at the variable whose
  /// initializer does. The location needs debug info; without it clang
  /// points at the function.
  void error(const llvm::GlobalValue &Decl, const llvm::Twine &Msg);

  /// An error about what instruction \p I does. Located at the source line
  /// that became \p I after inlining: the caller's, not the helper's.
  void errorAtCaller(const llvm::Instruction &I, const llvm::Twine &Msg);

  /// An error about the compile as a whole (no manifest, bad option).
  void error(const llvm::Twine &Msg);

  bool hadError() const { return HadError; }

  /// Where the module first uses \p Decl, for a record that outlives the
  /// compile: "file.c:12:5" with debug info, else "file.c:function()" or
  /// "file.c:variable". Never holds spaces.
  std::string firstUse(const llvm::GlobalValue &Decl) const;

private:
  void errorInInitializer(const llvm::GlobalVariable &GV,
                          const llvm::Twine &Msg);

  llvm::Module &M;
  bool HadError = false;
};

} // namespace klp

#endif // KLP_PASSES_DIAGNOSTICS_H
