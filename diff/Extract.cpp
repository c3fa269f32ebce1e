//===- diff/Extract.cpp - The livepatch's code out of the fixed file ------===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "diff/Extract.h"

#include "format/KlpFormat.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Module.h"

using namespace llvm;

namespace klp {

std::string newFunctionName(StringRef Function) {
  return ("__klp_new_" + Function).str();
}

bool hasCallbacks(const Module &M) {
  for (const GlobalVariable &GV : M.globals())
    if (GV.getSection().starts_with(CallbackSectionPrefix))
      return true;
  return false;
}

namespace {

Error fail(const Twine &Msg) {
  return createStringError(inconvertibleErrorCode(), Msg);
}

// What becomes of a global the new code uses.
enum class Fate {
  Replaced, ///< a replaced function: its new body, renamed
  Copy,     ///< the module's own (internal) copy
  Kernel,   ///< a reference to the kernel's symbol
};

struct Decision {
  Fate What = Fate::Kernel;
  std::string Label; ///< for a kernel static: its .klp.sym name
};

// The C name and enclosing function of a variable, from its debug info:
// clang names the static local `count` of foo() "foo.count", which the
// debug info says properly.
std::pair<std::string, std::string> sourceName(const GlobalVariable &GV) {
  SmallVector<DIGlobalVariableExpression *, 1> GVEs;
  GV.getDebugInfo(GVEs);
  if (GVEs.empty())
    return {GV.getName().str(), ""};
  DIGlobalVariable *Var = GVEs.front()->getVariable();
  DIScope *Scope = Var->getScope();
  while (Scope && !isa<DISubprogram>(Scope) && !isa<DICompileUnit>(Scope) &&
         !isa<DIFile>(Scope))
    Scope = Scope->getScope();
  std::string Function;
  if (auto *SP = dyn_cast_or_null<DISubprogram>(Scope))
    Function = SP->getName().str();
  return {Var->getName().str(), Function};
}

// State that must start fresh in the patch rather than share the kernel's
// (upstream klp-build's list): once-flags of WARN_ONCE/printk_once, lockdep
// keys, ratelimit states, dynamic debug descriptors, switch tables, __func__.
bool mustBeFresh(const GlobalVariable &GV, StringRef CName) {
  if (GV.getSection() == ".data.once" || GV.getSection() == "__dyndbg")
    return true;
  static const char *const Names[] = {
      "__already_done", "__warned", "__print_once", "__key", "_rs",
      "descriptor",     "__func__", "__FUNCTION__"};
  for (const char *N : Names)
    if (CName == N)
      return true;
  return CName.starts_with("CSWTCH") || CName.starts_with("__UNIQUE_ID_ddebug");
}

class Extractor {
public:
  Extractor(Module &M, const ReplacementPlan &Plan, const ShippedUnit &Unit,
            const TuChanges &Changes)
      : M(M), Plan(Plan), Unit(Unit) {
    for (const std::string &N : Changes.Added)
      Added.insert(N);
    for (const std::string &N : Changes.AddedData)
      Added.insert(N);
  }

  Expected<ExtractReport> run();

private:
  Error decide(GlobalValue &G);
  Error addCallbacks();
  Error visit(const Value *V);
  std::string label(const ShippedSymbol &S) const {
    return formatKlpSymbolName({Plan.Object, S.Name, S.sympos()});
  }
  void rewrite();

  Module &M;
  const ReplacementPlan &Plan;
  const ShippedUnit &Unit;
  StringSet<> Added;
  DenseMap<GlobalValue *, Decision> Decided;
  SmallVector<GlobalValue *, 32> Work;
  DenseMap<const Constant *, bool> VisitedConstants;
  ExtractReport Report;
};

Error Extractor::decide(GlobalValue &G) {
  if (Decided.count(&G))
    return Error::success();
  Decision D;
  auto copy = [&](std::string Why, bool IsData) {
    D.What = Fate::Copy;
    Work.push_back(&G);
    (IsData ? Report.OwnData : Report.Copied)
        .emplace_back(G.getName().str(), std::move(Why));
  };
  if (auto *F = dyn_cast<Function>(&G)) {
    if (F->isIntrinsic() || F->isDeclaration()) {
      Decided[&G] = D; // the plugin resolves it
      return Error::success();
    }
    if (Added.contains(F->getName())) {
      copy("new in the fix", false);
    } else if (F->hasLocalLinkage() || F->hasAvailableExternallyLinkage()) {
      // An extern inline (gnu_inline) body is a static's too: clang may
      // keep a call to it (fortify's overloaded helpers have no kernel
      // symbol at all).
      const ShippedFunction *SF = Unit.function(F->getName());
      const ShippedSymbol *Own = nullptr;
      if (SF)
        for (const ShippedSymbol &S : SF->Copies)
          if (S.Name == F->getName())
            Own = &S;
      if (Own) {
        D.Label = label(*Own);
      } else {
        copy(!SF ? "the kernel has no code of it"
             : SF->Copies.empty()
                 ? "the kernel has it only inlined into its callers"
                 : "the kernel has it only as gcc clones (" +
                       SF->Copies.front().Name + ")",
             false);
      }
    }
  } else if (auto *GV = dyn_cast<GlobalVariable>(&G)) {
    auto [CName, Function] = sourceName(*GV);
    if (GV->isDeclaration()) {
      // extern data: the plugin resolves it
    } else if (GV->hasPrivateLinkage() && GV->isConstant()) {
      D.What = Fate::Copy; // string literals and the like, not reported
      Work.push_back(&G);
    } else if (Added.contains(GV->getName())) {
      copy("new in the fix", true);
    } else if (mustBeFresh(*GV, CName)) {
      copy("starts fresh in the patch", true);
    } else if (GV->hasLocalLinkage()) {
      // Two statics of one name in one function (in different blocks) are
      // told apart by nothing the debug info and the IR share: refused
      // rather than bound to the wrong one.
      unsigned Same = 0;
      for (const ShippedVariable &V : Unit.Variables)
        Same += V.Function == Function && V.Name == CName;
      if (Same > 1)
        return fail(Unit.Path + ": the new code uses the static '" + CName +
                    "' of " + Function + "(), which has " + Twine(Same) +
                    " statics of that name; klp-diff cannot tell which is "
                    "the kernel's copy of this one (rename it in the fix)");
      const ShippedVariable *SV = Unit.variable(Function, CName);
      if (SV && SV->Symbol) {
        D.Label = label(*SV->Symbol);
      } else if (GV->isConstant()) {
        copy("constant the kernel has no symbol of", true);
      } else {
        std::string What = Function.empty() ? "static variable '" + CName + "'"
                                            : "static variable '" + CName +
                                                  "' of " + Function + "()";
        return fail(Unit.Path + ": the new code uses the " + What +
                    ", which the shipped " + Plan.Object +
                    " has no symbol of (gcc removed or merged it); refusing "
                    "to give the patch a fresh copy of kernel state");
      }
    }
  } else {
    return fail(Unit.Path + ": the new code uses '" + G.getName() +
                "', an alias or ifunc, which klp-diff cannot bind");
  }
  if (!D.Label.empty())
    Report.Bound.push_back(G.getName().str() + " -> " + D.Label);
  Decided[&G] = std::move(D);
  return Error::success();
}

Error Extractor::visit(const Value *V) {
  if (auto *G = dyn_cast<GlobalValue>(V))
    return decide(*const_cast<GlobalValue *>(G));
  auto *C = dyn_cast<Constant>(V);
  if (!C || !VisitedConstants.try_emplace(C, true).second)
    return Error::success();
  for (const Use &Op : C->operands())
    if (Error E = visit(Op.get()))
      return E;
  return Error::success();
}

// Each KLP_*_CALLBACK pointer names a function of the fix that the
// scaffolding calls: kept like a replaced function, under its new name.
Error Extractor::addCallbacks() {
  for (GlobalVariable &GV : M.globals()) {
    StringRef Kind = GV.getSection();
    if (!Kind.consume_front(CallbackSectionPrefix))
      continue;
    auto *F = GV.hasInitializer()
                  ? dyn_cast<Function>(GV.getInitializer()->stripPointerCasts())
                  : nullptr;
    if (Kind != "pre_patch" && Kind != "post_patch" && Kind != "pre_unpatch" &&
        Kind != "post_unpatch")
      return fail(Unit.Path + ": unknown livepatch callback kind '" + Kind +
                  "' (klp.h has KLP_PRE_PATCH_CALLBACK, "
                  "KLP_POST_PATCH_CALLBACK, KLP_PRE_UNPATCH_CALLBACK and "
                  "KLP_POST_UNPATCH_CALLBACK)");
    if (!F || F->isDeclaration())
      return fail(Unit.Path + ": the " + Kind +
                  " callback must be a function this file defines");
    for (auto &[K, Name] : Report.Callbacks)
      if (K == Kind)
        return fail(Unit.Path + ": two " + Kind +
                    " callbacks; livepatch calls one per object");
    Report.Callbacks.emplace_back(Kind.str(), newFunctionName(F->getName()));
    if (!Decided.count(F)) {
      Decided[F] = {Fate::Replaced, ""};
      Work.push_back(F);
    }
  }
  return Error::success();
}

Expected<ExtractReport> Extractor::run() {
  if (Error E = addCallbacks())
    return E;
  for (const ReplacedFunction &R : Plan.Replaced) {
    Function *F = M.getFunction(R.Name);
    if (!F || F->isDeclaration())
      return fail(Unit.Path + ": " + R.Name +
                  "() is not defined in the fixed file");
    Decided[F] = {Fate::Replaced, ""};
    Work.push_back(F);
  }
  while (!Work.empty()) {
    GlobalValue *G = Work.pop_back_val();
    if (auto *F = dyn_cast<Function>(G)) {
      for (Instruction &I : instructions(*F))
        for (const Use &Op : I.operands())
          if (Error E = visit(Op.get()))
            return E;
    } else if (auto *GV = dyn_cast<GlobalVariable>(G)) {
      if (GV->hasInitializer())
        if (Error E = visit(GV->getInitializer()))
          return E;
    }
  }
  rewrite();
  return std::move(Report);
}

void Extractor::rewrite() {
  // The kernel's registrations in this file are not the patch's.
  M.setModuleInlineAsm("");
  for (const char *Root : {"llvm.used", "llvm.compiler.used"})
    if (GlobalVariable *Used = M.getGlobalVariable(Root))
      Used->eraseFromParent();

  auto fate = [&](GlobalValue *G) {
    auto It = Decided.find(G);
    return It == Decided.end() ? Fate::Kernel : It->second.What;
  };
  // First every body and initializer the patch does not keep goes, so that
  // nothing of them refers to what is renamed or erased below.
  for (Function &F : M.functions())
    if (fate(&F) == Fate::Kernel && !F.isDeclaration())
      F.deleteBody();
  for (GlobalVariable &GV : M.globals())
    if (fate(&GV) == Fate::Kernel && GV.hasInitializer()) {
      GV.setInitializer(nullptr);
      GV.setSection("");
      GV.setComdat(nullptr);
    }
  // decide() refused every alias the new code uses: the rest is unused.
  SmallVector<GlobalAlias *, 4> Aliases;
  for (GlobalAlias &A : M.aliases())
    Aliases.push_back(&A);
  for (GlobalAlias *A : Aliases) {
    A->replaceAllUsesWith(PoisonValue::get(A->getType()));
    A->eraseFromParent();
  }

  SmallVector<GlobalObject *, 64> Unused;
  for (GlobalObject &G : M.global_objects()) {
    auto It = Decided.find(&G);
    switch (fate(&G)) {
    case Fate::Replaced:
      G.setName(newFunctionName(G.getName()));
      G.setLinkage(GlobalValue::ExternalLinkage);
      G.setVisibility(GlobalValue::DefaultVisibility);
      break;
    case Fate::Copy:
      if (!G.hasPrivateLinkage())
        G.setLinkage(GlobalValue::InternalLinkage);
      break;
    case Fate::Kernel:
      if (G.use_empty()) {
        Unused.push_back(&G);
        break;
      }
      // A reference to the kernel's symbol, named as the kernel names it.
      G.setLinkage(GlobalValue::ExternalLinkage);
      G.setVisibility(GlobalValue::DefaultVisibility);
      if (It != Decided.end() && !It->second.Label.empty())
        G.setName("\1" + It->second.Label);
      break;
    }
  }
  for (GlobalObject *G : Unused)
    G->eraseFromParent();
}

} // namespace

Expected<ExtractReport> extractReplacement(Module &M,
                                           const ReplacementPlan &Plan,
                                           const ShippedUnit &Unit,
                                           const TuChanges &Changes) {
  return Extractor(M, Plan, Unit, Changes).run();
}

} // namespace klp
