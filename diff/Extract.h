//===- diff/Extract.h - The livepatch's code out of the fixed file -*- C++
//-*-===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Turns the fixed file's IR (as clang emitted it, before optimization) into
// the module's code: the new bodies of the replaced functions, and what they
// need that the kernel cannot give them. Everything else they use is the
// kernel's own copy, named exactly:
//   - a static function or variable of the file becomes a reference to the
//     shipped kernel's symbol, found through its DWARF (a static local
//     `count` of foo() is gcc's `count.5`), as an explicit
//     .klp.sym.<object>.<symbol>,<sympos> label the pass plugin checks
//     against the manifest;
//   - a global stays a plain reference, which the plugin resolves (an
//     export, or a livepatch symbol);
//   - a static function the kernel has no callable copy of (inlined
//     everywhere, or only gcc clones) is copied into the module, and so is
//     what it uses in turn;
//   - new functions and new data of the fix, anonymous constants, and the
//     state that must start fresh (upstream klp-build's list: __already_done,
//     __warned, __key, _rs, descriptor, CSWTCH, __func__, .data.once) are
//     the module's own.
// The file's module-level asm (EXPORT_SYMBOL entries, static call
// trampolines) and its llvm.used roots (initcalls, parameters, printk index)
// are the kernel's, not the patch's: they are dropped.
//
//===----------------------------------------------------------------------===//

#ifndef KLP_DIFF_EXTRACT_H
#define KLP_DIFF_EXTRACT_H

#include "diff/ReplacementPlan.h"

#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace llvm {
class Module;
} // namespace llvm

namespace klp {

struct ExtractReport {
  /// Functions copied into the module, each with the reason.
  std::vector<std::pair<std::string, std::string>> Copied;
  /// Static data of the module's own: new, or state that starts fresh.
  std::vector<std::pair<std::string, std::string>> OwnData;
  /// Kernel statics the code refers to, as "name -> .klp.sym label".
  std::vector<std::string> Bound;
  /// The fix's klp.h callbacks: kind ("pre_patch", ...) and the name of
  /// the function in the module.
  std::vector<std::pair<std::string, std::string>> Callbacks;
};

/// The section klp.h's KLP_*_CALLBACK macros put their pointers in.
constexpr llvm::StringLiteral CallbackSectionPrefix = ".discard.klp.callback.";

/// Whether \p M has KLP_*_CALLBACK entries.
bool hasCallbacks(const llvm::Module &M);

/// The name the new body of \p Function gets in the module ("__klp_new_"
/// prefix: the scaffolding's klp_func.new_func).
std::string newFunctionName(llvm::StringRef Function);

/// Rewrites \p M (the fixed file's IR, with its debug info) into the
/// livepatch code of \p Plan and of the fix's callbacks. \p Changes says which
/// functions and data the fix added.
llvm::Expected<ExtractReport> extractReplacement(llvm::Module &M,
                                                 const ReplacementPlan &Plan,
                                                 const ShippedUnit &Unit,
                                                 const TuChanges &Changes);

} // namespace klp

#endif // KLP_DIFF_EXTRACT_H
