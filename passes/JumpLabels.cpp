//===- passes/JumpLabels.cpp - Static keys a patch branches on ------------===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "passes/JumpLabels.h"

#include "llvm/IR/Constants.h"
#include "llvm/IR/InlineAsm.h"
#include "llvm/IR/InstrTypes.h"

using namespace llvm;

namespace klp {

static bool writesJumpTable(const User &U) {
  auto *Call = dyn_cast<CallBase>(&U);
  if (!Call || !Call->isInlineAsm())
    return false;
  StringRef Asm = cast<InlineAsm>(Call->getCalledOperand())->getAsmString();
  return Asm.contains("__jump_table");
}

static const CallBase *findJumpLabelUser(const Value &V, unsigned Depth) {
  for (const User *U : V.users()) {
    if (writesJumpTable(*U))
      return cast<CallBase>(U);
    // &key->enabled and the like are constant expressions around the key.
    if (Depth < 4 && isa<ConstantExpr>(U))
      if (const CallBase *Call = findJumpLabelUser(*U, Depth + 1))
        return Call;
  }
  return nullptr;
}

const CallBase *findJumpLabel(const GlobalValue &Key) {
  return findJumpLabelUser(Key, 0);
}

} // namespace klp
