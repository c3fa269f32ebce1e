//===- passes/ModuleRelocTables.h - klp-convert v7 tables ----*- C++ -*-===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// klp-convert v7 lets a patch say which kernel symbol a declaration means
// with a table in the section .klp.module_relocs.<object>:
//
//   KLP_MODULE_RELOC(vmlinux) relocs[] = { KLP_SYMPOS(homonym_string, 2) };
//
// an array of struct klp_module_reloc { void *sym; u32 sympos; } (packed).
// The pass reads these tables as annotations that decide for the
// declarations they name, and removes them: the kernel never reads them.
//
//===----------------------------------------------------------------------===//

#ifndef KLP_PASSES_MODULERELOCTABLES_H
#define KLP_PASSES_MODULERELOCTABLES_H

#include "format/KlpFormat.h"

#include "llvm/IR/PassManager.h"
#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace llvm {
class GlobalValue;
class Module;
} // namespace llvm

namespace klp {

/// One table entry: \p Decl means \p Target.
struct ModuleRelocAnnotation {
  llvm::GlobalValue *Decl;
  KernelSymbolRef Target;
  /// "KLP_SYMPOS(name, 2) of 'relocs' (.klp.module_relocs.vmlinux)".
  std::string Where;
};

/// Reads every table of \p M and removes it from the module. An error names
/// the table and the entry that cannot be read.
llvm::Expected<std::vector<ModuleRelocAnnotation>>
takeModuleRelocTables(llvm::Module &M);

/// Runs first in the pipeline: keeps the tables (and so the declarations they
/// name) alive until the mark pass reads them, even when they are static
/// and unused, which the optimizer would otherwise delete with what they say.
class KeepModuleRelocTablesPass
    : public llvm::PassInfoMixin<KeepModuleRelocTablesPass> {
public:
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &);
  static bool isRequired() { return true; }
};

} // namespace klp

#endif // KLP_PASSES_MODULERELOCTABLES_H
