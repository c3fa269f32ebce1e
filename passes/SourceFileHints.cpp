//===- passes/SourceFileHints.cpp - Which kernel files a TU patches -------===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "passes/SourceFileHints.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/Path.h"
#include "llvm/Transforms/Utils/ModuleUtils.h"

using namespace llvm;

namespace klp {

// \p Path as units and symbol tables spell theirs: no "./", no "dir/..".
// Kernel paths are POSIX whatever the host.
static std::string cleanPath(StringRef Path) {
  SmallString<128> P(Path);
  sys::path::remove_dots(P, /*remove_dot_dot=*/true, sys::path::Style::posix);
  return std::string(P.str());
}

Expected<SourceFileHints> takeSourceFileHints(Module &M) {
  SourceFileHints Result;
  std::vector<std::string> &Files = Result.Files;
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
    std::string Clean = cleanPath(Path);
    if (sys::path::filename(Clean, sys::path::Style::posix).empty() ||
        StringRef(Clean).ends_with("/"))
      return createStringError("KLP_SOURCE_FILE in '" + M.getSourceFileName() +
                               "' (variable '" + GV->getName() +
                               "') does not name a file; write "
                               "KLP_SOURCE_FILE(\"kernel/fork.c\")");
    Files.push_back(std::move(Clean));
  }

  if (!Hints.empty()) {
    SmallPtrSet<Constant *, 4> Dead(Hints.begin(), Hints.end());
    removeFromUsedLists(M, [&](Constant *C) { return Dead.contains(C); });
    for (GlobalVariable *GV : Hints)
      if (GV->use_empty())
        GV->eraseFromParent();
  } else {
    std::string Own = cleanPath(M.getSourceFileName());
    if (!sys::path::filename(Own, sys::path::Style::posix).empty()) {
      Files.push_back(std::move(Own));
      Result.OwnName = true;
    }
  }
  llvm::sort(Files);
  Files.erase(std::unique(Files.begin(), Files.end()), Files.end());
  return Result;
}

} // namespace klp
