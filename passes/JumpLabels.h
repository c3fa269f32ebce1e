//===- passes/JumpLabels.h - Static keys a patch branches on ----*- C++ -*-===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// static_branch_likely() and friends compile to an asm goto that writes a
// __jump_table entry naming the static key. If the key lives in a module,
// that entry would need a module-specific livepatch relocation, which the
// kernel may apply after jump labels were initialised: the branch would
// never be patched. objtool refuses such keys; so does the pass, at the
// source line.
//
//===----------------------------------------------------------------------===//

#ifndef KLP_PASSES_JUMPLABELS_H
#define KLP_PASSES_JUMPLABELS_H

namespace llvm {
class CallBase;
class GlobalValue;
} // namespace llvm

namespace klp {

/// The first inline asm (in use-list order) that writes a __jump_table entry
/// and takes \p Key, or an address inside it, as an operand; null if none.
const llvm::CallBase *findJumpLabel(const llvm::GlobalValue &Key);

} // namespace klp

#endif // KLP_PASSES_JUMPLABELS_H
