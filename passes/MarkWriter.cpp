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

// Weak: modpost ignores the undefined symbol, a definition elsewhere in the
// module still wins, and the name stays what the author wrote.
static void makeWeakReference(GlobalValue &Decl) {
  Decl.setLinkage(GlobalValue::ExternalWeakLinkage);
}

void writeMarks(Module &M, std::vector<PendingMark> Marks,
                std::vector<PendingDeferred> Deferred,
                const BuildIdentity &Id) {
  bool HasIdentity = !Id.Release.empty() || !Id.VmlinuxBuildId.empty();
  if (Marks.empty() && Deferred.empty() && !HasIdentity)
    return;
  llvm::sort(Marks, [](const PendingMark &A, const PendingMark &B) {
    if (A.M.LinkName != B.M.LinkName)
      return A.M.LinkName < B.M.LinkName;
    return A.M.Target < B.M.Target;
  });
  llvm::sort(Deferred, [](const PendingDeferred &A, const PendingDeferred &B) {
    return A.D.LinkName < B.D.LinkName;
  });
  std::vector<Mark> MarkRecords;
  MarkRecords.reserve(Marks.size());
  for (PendingMark &P : Marks) {
    makeWeakReference(*P.Decl);
    MarkRecords.push_back(std::move(P.M));
  }
  std::vector<DeferredReference> DeferredRecords;
  DeferredRecords.reserve(Deferred.size());
  for (PendingDeferred &P : Deferred) {
    makeWeakReference(*P.Decl);
    DeferredRecords.push_back(std::move(P.D));
  }
  M.appendModuleInlineAsm(
      formatMarkSectionAsm(MarkRecords, DeferredRecords, Id));
}

} // namespace klp
