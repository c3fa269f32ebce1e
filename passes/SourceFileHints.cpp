//===- passes/SourceFileHints.cpp - Which kernel files a TU patches -------===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "passes/SourceFileHints.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/Path.h"
#include "llvm/Transforms/Utils/ModuleUtils.h"

using namespace llvm;

namespace klp {

Expected<std::vector<std::string>> takeSourceFileHints(Module &M) {
  std::vector<std::string> Files;
  SmallVector<GlobalVariable *, 2> Hints;
  for (GlobalVariable &GV : M.globals())
    if (GV.hasSection() && GV.getSection() == SourceFileHintSection)
      Hints.push_back(&GV);

  for (GlobalVariable *GV : Hints) {
    auto *Init = dyn_cast_or_null<ConstantDataSequential>(
        GV->hasInitializer() ? GV->getInitializer() : nullptr);
    StringRef Path;
    if (Init && Init->isCString())
      Path = Init->getAsCString();
    StringRef Base = sys::path::filename(Path);
    if (Base.empty())
      return createStringError("KLP_SOURCE_FILE in '" + M.getSourceFileName() +
                               "' (variable '" + GV->getName() +
                               "') does not name a file; write "
                               "KLP_SOURCE_FILE(\"kernel/fork.c\")");
    Files.push_back(Base.str());
  }

  if (!Hints.empty()) {
    SmallPtrSet<Constant *, 4> Dead(Hints.begin(), Hints.end());
    removeFromUsedLists(M, [&](Constant *C) { return Dead.contains(C); });
    for (GlobalVariable *GV : Hints)
      if (GV->use_empty())
        GV->eraseFromParent();
  } else {
    StringRef Own = sys::path::filename(M.getSourceFileName());
    if (!Own.empty())
      Files.push_back(Own.str());
  }
  llvm::sort(Files);
  Files.erase(std::unique(Files.begin(), Files.end()), Files.end());
  return Files;
}

} // namespace klp
