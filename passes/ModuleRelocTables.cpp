//===- passes/ModuleRelocTables.cpp - klp-convert v7 position tables ------===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "passes/ModuleRelocTables.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Transforms/Utils/ModuleUtils.h"

using namespace llvm;

namespace klp {

static bool isTable(const GlobalVariable &GV) {
  return GV.hasSection() && GV.getSection().starts_with(ModuleRelocsPrefix);
}

// The scalar leaves of an entry, in order: clang writes the union and the
// packed struct in several shapes, the leaves are always the same.
static void flatten(Constant *C, SmallVectorImpl<Constant *> &Leaves) {
  if (!C->getType()->isAggregateType()) {
    Leaves.push_back(C);
    return;
  }
  for (unsigned I = 0; Constant *E = C->getAggregateElement(I); ++I)
    flatten(E, Leaves);
}

// The symbol a pointer (or the u64 of the union, through ptrtoint) names.
static GlobalValue *symbolOf(Constant *Leaf) {
  if (auto *CE = dyn_cast<ConstantExpr>(Leaf))
    if (CE->getOpcode() == Instruction::PtrToInt)
      Leaf = CE->getOperand(0);
  return dyn_cast<GlobalValue>(Leaf->stripPointerCasts());
}

static std::string linkName(const GlobalValue &GV) {
  StringRef Name = GV.getName();
  Name.consume_front("\1");
  return Name.str();
}

static Error readTable(GlobalVariable &Table,
                       std::vector<ModuleRelocAnnotation> &Out) {
  StringRef Section = Table.getSection();
  std::string Object = Section.drop_front(ModuleRelocsPrefix.size()).str();
  auto Bad = [&](const Twine &Why) {
    return createStringError("klp-convert table '" + Table.getName() + "' (" +
                             Section + "): " + Why);
  };
  if (Error E = checkObjectName(Object))
    return Bad(toString(std::move(E)));
  if (!Table.hasInitializer())
    return Bad("declared but not defined here; define the table in the file "
               "whose references it names");
  Constant *Init = Table.getInitializer();
  if (!Init->getType()->isArrayTy())
    return Bad("not an array of struct klp_module_reloc");
  for (unsigned I = 0; Constant *Entry = Init->getAggregateElement(I); ++I) {
    SmallVector<Constant *, 4> Leaves;
    flatten(Entry, Leaves);
    GlobalValue *Sym = nullptr;
    std::optional<uint64_t> Pos;
    for (Constant *Leaf : Leaves) {
      if (auto *CI = dyn_cast<ConstantInt>(Leaf);
          CI && CI->getBitWidth() == 32 && !Pos) {
        Pos = CI->getZExtValue();
        continue;
      }
      if (GlobalValue *GV = symbolOf(Leaf); GV && !Sym) {
        Sym = GV;
        continue;
      }
      if (!Leaf->isNullValue() || Leaf->getType()->isPointerTy() || Sym)
        return Bad(formatv("entry {0} is not { &symbol, sympos }", I).str());
    }
    if (!Sym || !Pos)
      return Bad(
          formatv("entry {0} has no {1}", I, Sym ? "sympos" : "symbol").str());
    std::string Name = linkName(*Sym);
    std::string Where = formatv("KLP_SYMPOS({0}, {1}) of '{2}' ({3})", Name,
                                *Pos, Table.getName(), Section)
                            .str();
    if (!Sym->isDeclarationForLinker())
      return createStringError(
          Where + ": '" + Name +
          "' is defined in this file, so it is not a kernel "
          "symbol; remove the entry or the definition");
    KernelSymbolRef Target{Object, Name, *Pos};
    if (Error E = checkKernelSymbolRef(Target))
      return createStringError(Where + ": " + toString(std::move(E)));
    Out.push_back({Sym, std::move(Target), std::move(Where)});
  }
  return Error::success();
}

Expected<std::vector<ModuleRelocAnnotation>> takeModuleRelocTables(Module &M) {
  std::vector<ModuleRelocAnnotation> Out;
  SmallVector<GlobalVariable *, 2> Tables;
  for (GlobalVariable &GV : M.globals())
    if (isTable(GV))
      Tables.push_back(&GV);
  for (GlobalVariable *Table : Tables)
    if (Error E = readTable(*Table, Out))
      return E;

  // One declaration, one meaning.
  DenseMap<GlobalValue *, const ModuleRelocAnnotation *> ByDecl;
  for (const ModuleRelocAnnotation &A : Out) {
    auto [It, New] = ByDecl.try_emplace(A.Decl, &A);
    if (!New && It->second->Target != A.Target)
      return createStringError(
          A.Where + " contradicts " + It->second->Where +
          "; one declaration can only mean one kernel symbol");
  }

  for (GlobalVariable *Table : Tables) {
    removeFromUsedLists(M, [&](Constant *C) { return C == Table; });
    Table->removeDeadConstantUsers();
    if (!Table->use_empty())
      return createStringError(
          "klp-convert table '" + Table->getName() +
          "' is used by code; the tables only annotate, the "
          "kernel never reads them");
    Table->eraseFromParent();
  }
  return Out;
}

PreservedAnalyses KeepModuleRelocTablesPass::run(Module &M,
                                                 ModuleAnalysisManager &) {
  SmallVector<GlobalValue *, 2> Keep;
  for (GlobalVariable &GV : M.globals())
    if (isTable(GV))
      Keep.push_back(&GV);
  if (Keep.empty())
    return PreservedAnalyses::all();
  appendToCompilerUsed(M, Keep);
  return PreservedAnalyses::none();
}

} // namespace klp
