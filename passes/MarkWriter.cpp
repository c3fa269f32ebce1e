//===- passes/MarkWriter.cpp - Leave the marks in the module --------------===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "passes/MarkWriter.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/IR/GlobalValue.h"
#include "llvm/IR/Module.h"

using namespace llvm;

namespace klp {

void writeMarks(Module &M, std::vector<PendingMark> Marks) {
  if (Marks.empty())
    return;
  llvm::sort(Marks, [](const PendingMark &A, const PendingMark &B) {
    if (A.M.LinkName != B.M.LinkName)
      return A.M.LinkName < B.M.LinkName;
    return A.M.Target < B.M.Target;
  });
  std::vector<Mark> Records;
  Records.reserve(Marks.size());
  for (PendingMark &P : Marks) {
    // Weak: modpost ignores the undefined symbol, a definition elsewhere in
    // the module still wins, and the name stays what the author wrote.
    P.Decl->setLinkage(GlobalValue::ExternalWeakLinkage);
    Records.push_back(std::move(P.M));
  }
  M.appendModuleInlineAsm(formatMarkSectionAsm(Records));
}

} // namespace klp
