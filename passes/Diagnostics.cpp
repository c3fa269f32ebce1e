//===- passes/Diagnostics.cpp - Errors the way clang prints them ----------===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "passes/Diagnostics.h"

#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/DiagnosticInfo.h"
#include "llvm/IR/DiagnosticPrinter.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/Instruction.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Path.h"

using namespace llvm;

namespace klp {

namespace {

/// A message without a location. clang prints a plugin-kind diagnostic as
/// "error: <message>"; the kind is drawn per diagnostic so that the pass
/// keeps no state of its own.
class DiagnosticInfoKlp : public DiagnosticInfo {
public:
  explicit DiagnosticInfoKlp(const Twine &Msg)
      : DiagnosticInfo(getNextAvailablePluginDiagnosticKind(), DS_Error),
        Msg(Msg) {}
  void print(DiagnosticPrinter &DP) const override { DP << Msg; }

private:
  const Twine &Msg;
};

/// Where a declaration is used: instructions and initializers of globals,
/// looking through constant expressions.
struct ReferenceSites {
  SmallPtrSet<const Instruction *, 8> Instructions;
  SmallPtrSet<const GlobalVariable *, 4> Initializers;
};

} // namespace

static void collectSites(const Value &V, ReferenceSites &Sites,
                         SmallPtrSetImpl<const Value *> &Seen) {
  for (const User *U : V.users()) {
    if (!Seen.insert(U).second)
      continue;
    if (auto *I = dyn_cast<Instruction>(U))
      Sites.Instructions.insert(I);
    else if (auto *GV = dyn_cast<GlobalVariable>(U))
      Sites.Initializers.insert(GV);
    else if (isa<Constant>(U) && !isa<GlobalValue>(U))
      collectSites(*U, Sites, Seen);
  }
}

namespace {
/// The first use of a declaration in module order, so the same source gives
/// the same location whatever order the use lists are in: an instruction,
/// else the variable whose initializer uses it, else nothing.
struct FirstUse {
  const Instruction *Inst = nullptr;
  const GlobalVariable *Initializer = nullptr;
};
} // namespace

static FirstUse findFirstUse(const Module &M, const GlobalValue &Decl) {
  ReferenceSites Sites;
  SmallPtrSet<const Value *, 16> Seen;
  collectSites(Decl, Sites, Seen);
  for (const Function &F : M) {
    if (Sites.Instructions.empty())
      break;
    for (const BasicBlock &BB : F)
      for (const Instruction &I : BB)
        if (Sites.Instructions.contains(&I))
          return {&I, nullptr};
  }
  for (const GlobalVariable &GV : M.globals())
    if (Sites.Initializers.contains(&GV))
      return {nullptr, &GV};
  return {};
}

void MarkDiagnostics::error(const GlobalValue &Decl, const Twine &Msg) {
  HadError = true;
  FirstUse Use = findFirstUse(M, Decl);
  if (Use.Inst) {
    DiagnosticLocation Loc;
    if (Use.Inst->getDebugLoc())
      Loc = DiagnosticLocation(Use.Inst->getDebugLoc());
    M.getContext().diagnose(
        DiagnosticInfoUnsupported(*Use.Inst->getFunction(), Msg, Loc));
    return;
  }
  if (Use.Initializer) {
    errorInInitializer(*Use.Initializer, "in the initializer of '" +
                                             Use.Initializer->getName() +
                                             "': " + Msg);
    return;
  }
  error(Msg);
}

std::string MarkDiagnostics::firstUse(const GlobalValue &Decl) const {
  FirstUse Use = findFirstUse(M, Decl);
  std::string Out = sys::path::filename(M.getSourceFileName()).str();
  if (Use.Inst) {
    // The source line that used it, not a line of a function inlined there.
    const DILocation *L = Use.Inst->getDebugLoc().get();
    while (L && L->getInlinedAt())
      L = L->getInlinedAt();
    if (L)
      Out = formatv("{0}:{1}:{2}", sys::path::filename(L->getFilename()),
                    L->getLine(), L->getColumn())
                .str();
    else
      Out += (":" + Use.Inst->getFunction()->getName() + "()").str();
  } else if (Use.Initializer) {
    SmallVector<DIGlobalVariableExpression *, 1> Exprs;
    Use.Initializer->getDebugInfo(Exprs);
    const DIGlobalVariable *Var =
        Exprs.empty() ? nullptr : Exprs.front()->getVariable();
    if (Var && Var->getFile() && Var->getLine())
      Out = formatv("{0}:{1}", sys::path::filename(Var->getFilename()),
                    Var->getLine())
                .str();
    else
      Out += (":" + Use.Initializer->getName()).str();
  }
  for (char &C : Out)
    if (isSpace(C))
      C = '_';
  return Out;
}

// clang locates only diagnostics that carry a function, and a location made
// from a DILocation or a DISubprogram. A variable has neither, so its debug
// info's file and line go into a temporary subprogram, and any function of
// the module stands in (clang looks at it only when the location is bad).
void MarkDiagnostics::errorInInitializer(const GlobalVariable &GV,
                                         const Twine &Msg) {
  SmallVector<DIGlobalVariableExpression *, 1> Exprs;
  GV.getDebugInfo(Exprs);
  const DIGlobalVariable *Var =
      Exprs.empty() ? nullptr : Exprs.front()->getVariable();
  if (!Var || !Var->getFile() || M.empty()) {
    error(Msg);
    return;
  }
  HadError = true;
  TempDISubprogram Where = DISubprogram::getTemporary(
      M.getContext(), Var->getFile(), Var->getName(), "", Var->getFile(),
      Var->getLine(), nullptr, Var->getLine(), nullptr, 0, 0, DINode::FlagZero,
      DISubprogram::SPFlagZero, nullptr);
  M.getContext().diagnose(DiagnosticInfoUnsupported(
      *M.begin(), Msg, DiagnosticLocation(Where.get())));
}

void MarkDiagnostics::errorAtCaller(const Instruction &I, const Twine &Msg) {
  HadError = true;
  DiagnosticLocation Loc;
  if (const DILocation *L = I.getDebugLoc().get()) {
    while (const DILocation *Caller = L->getInlinedAt())
      L = Caller;
    Loc = DiagnosticLocation(DebugLoc(L));
  }
  M.getContext().diagnose(
      DiagnosticInfoUnsupported(*I.getFunction(), Msg, Loc));
}

void MarkDiagnostics::error(const Twine &Msg) {
  HadError = true;
  M.getContext().diagnose(DiagnosticInfoKlp(Msg));
}

} // namespace klp
