//===- passes/AsmDefinitions.cpp - Symbols the module's asm defines -------===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "passes/AsmDefinitions.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/IR/InlineAsm.h"
#include "llvm/IR/InstrTypes.h"
#include "llvm/IR/Module.h"
#include "llvm/Object/ModuleSymbolTable.h"

using namespace llvm;

namespace klp {

static bool isSymbolChar(char C) {
  return isAlnum(C) || C == '_' || C == '.' || C == '$';
}

// The symbol a statement of GNU assembler syntax defines, if any: "name:"
// or ".set name, ..." (and its synonyms). Operand references ("%0",
// "${1:c}") and local labels ("1:") define nothing.
static StringRef definedBy(StringRef Stmt) {
  Stmt = Stmt.trim();
  for (StringRef Directive : {".set", ".equ", ".equiv"}) {
    if (!Stmt.consume_front(Directive))
      continue;
    if (Stmt.empty() || !isSpace(Stmt.front()))
      return "";
    Stmt = Stmt.ltrim();
    return Stmt.take_while(isSymbolChar);
  }
  StringRef Name = Stmt.take_while(isSymbolChar);
  if (Name.empty() || isDigit(Name.front()) || Name.front() == '$')
    return "";
  StringRef Rest = Stmt.drop_front(Name.size());
  if (!Rest.starts_with(":") || Rest.starts_with("::"))
    return "";
  return Name;
}

static void collectInlineAsmLabels(const Module &M, StringSet<> &Names) {
  for (const Function &F : M)
    for (const BasicBlock &BB : F)
      for (const Instruction &I : BB) {
        const auto *Call = dyn_cast<CallBase>(&I);
        const auto *Asm =
            Call ? dyn_cast<InlineAsm>(Call->getCalledOperand()) : nullptr;
        if (!Asm)
          continue;
        SmallVector<StringRef, 8> Lines;
        SplitString(Asm->getAsmString(), Lines, "\n;");
        for (StringRef Line : Lines)
          if (StringRef Name = definedBy(Line); !Name.empty())
            Names.insert(Name);
      }
}

StringSet<> collectAsmDefinitions(const Module &M) {
  StringSet<> Names;
  if (!M.getModuleInlineAsm().empty())
    ModuleSymbolTable::CollectAsmSymbols(
        M, [&](StringRef Name, object::BasicSymbolRef::Flags Flags) {
          if (!(Flags & object::BasicSymbolRef::SF_Undefined))
            Names.insert(Name);
        });
  collectInlineAsmLabels(M, Names);
  return Names;
}

} // namespace klp
