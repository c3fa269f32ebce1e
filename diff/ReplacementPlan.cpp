//===- diff/ReplacementPlan.cpp - What the livepatch replaces -------------===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "diff/ReplacementPlan.h"

#include "manifest/Manifest.h"

#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"

#include <deque>

using namespace llvm;

namespace klp {

static Error fail(const Twine &Msg) {
  return createStringError(inconvertibleErrorCode(), Msg);
}

bool isGccClone(StringRef Symbol, StringRef Function) {
  if (!Symbol.consume_front(Function) || !Symbol.consume_front("."))
    return false;
  return Symbol.starts_with("isra") || Symbol.starts_with("constprop") ||
         Symbol.starts_with("part") || Symbol.starts_with("lto_priv") ||
         Symbol.starts_with("localalias");
}

// The functions of \p M whose code uses \p F (calls it or takes its
// address), in the module's order.
static std::vector<std::string> usersOf(Function &F) {
  SetVector<Function *> Users;
  SmallVector<const User *, 16> Work(F.user_begin(), F.user_end());
  while (!Work.empty()) {
    const User *U = Work.pop_back_val();
    if (auto *I = dyn_cast<Instruction>(U))
      Users.insert(const_cast<Function *>(I->getFunction()));
    else if (isa<Constant>(U) && !isa<GlobalValue>(U))
      Work.append(U->user_begin(), U->user_end());
  }
  std::vector<std::string> Names;
  for (Function *U : Users)
    if (U != &F)
      Names.push_back(U->getName().str());
  return Names;
}

// Checks what livepatch needs of a function it redirects: ftrace must be
// able to hook its entry, and its code must still be there.
static Error checkReplaceable(const Function &F, StringRef File) {
  StringRef Section = F.getSection();
  if (Section.starts_with(".init.") || Section.starts_with(".exit."))
    return fail(File + ": " + F.getName() + "() is " +
                (Section.starts_with(".init.") ? "__init" : "__exit") +
                " code, which the kernel frees after boot; a livepatch "
                "cannot change it");
  if (Section == ".noinstr.text" || Section == ".entry.text" ||
      !F.hasFnAttribute("fentry-call"))
    return fail(File + ": " + F.getName() +
                "() has no ftrace entry (notrace or noinstr); livepatch "
                "redirects functions through ftrace and cannot replace it "
                "(change its callers instead)");
  return Error::success();
}

Expected<ReplacementPlan> planReplacement(const TuChanges &Changes,
                                          Module &After,
                                          const ShippedUnit &Unit,
                                          StringRef Object, const Manifest &M) {
  ReplacementPlan Plan;
  Plan.Object = Object.str();
  Plan.File = Unit.Path;
  StringSet<> Seen;
  std::deque<std::pair<std::string, std::string>> Work; // name, why
  for (const std::string &Name : Changes.Changed)
    Work.emplace_back(Name, "changed");
  while (!Work.empty()) {
    auto [Name, Why] = Work.front();
    Work.pop_front();
    if (!Seen.insert(Name).second)
      continue;
    Function *F = After.getFunction(Name);
    const ShippedFunction *SF = Unit.function(Name);
    if (!SF || (SF->Copies.empty() && SF->InlinedInto.empty())) {
      Plan.NoCode.push_back(Name);
      continue;
    }
    bool Replaced = false;
    for (const ShippedSymbol &Copy : SF->Copies) {
      if (Copy.Name == Name) {
        if (!F || F->isDeclaration())
          return fail(Unit.Path + ": the shipped kernel has " + Name +
                      "(), which the fixed file no longer defines; keep the "
                      "function (a livepatch cannot remove one)");
        if (Error E = checkReplaceable(*F, Unit.Path))
          return E;
        Plan.Replaced.push_back({Name, Copy, Why});
        Replaced = true;
      } else if (isGccClone(Copy.Name, Name) && F) {
        // The clone's callers are this file's (a clone is local), but
        // which of them call the clone is gcc's choice: all are replaced.
        for (std::string &User : usersOf(*F))
          Work.emplace_back(User, "calls " + Name +
                                      "(), which the kernel has "
                                      "as the gcc clone " +
                                      Copy.Name);
      }
    }
    for (const std::string &Caller : SF->InlinedInto)
      Work.emplace_back(Caller, "the kernel inlined " + Name + "() into it");
    (void)Replaced;
  }

  // Each replaced symbol must be the manifest's too: the position livepatch
  // will look up was counted from the same kernel.
  for (const ReplacedFunction &R : Plan.Replaced) {
    Expected<SmallVector<ManifestSymbol, 4>> Found = M.lookup(R.Symbol.Name);
    if (!Found)
      return Found.takeError();
    const ManifestSymbol *Match = nullptr;
    uint32_t Count = 0;
    for (const ManifestSymbol &S : *Found)
      if (S.Object == Object) {
        Count = S.Count;
        if (S.Position == R.Symbol.Position ||
            (S.Count <= 1 && R.Symbol.Count <= 1))
          Match = &S;
      }
    if (!Match || Count != R.Symbol.Count)
      return fail(Unit.Path + ": " + R.Symbol.Name + " is symbol " +
                  Twine(R.Symbol.Position) + " of " + Twine(R.Symbol.Count) +
                  " of its name in the debug " + Object +
                  ", but the manifest " + M.path() + " has " + Twine(Count) +
                  "; they describe different kernel builds: use the "
                  "manifest and debug info of the kernel you patch");
    if (Match->Type != 'T' && Match->Type != 't')
      return fail(Unit.Path + ": the manifest has " + R.Symbol.Name +
                  " as a '" + Twine(Match->Type) +
                  "' symbol, not code; refusing to replace it");
  }
  return Plan;
}

} // namespace klp
