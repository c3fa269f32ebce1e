//===- passes/KlpMarkPass.h - Mark references to kernel symbols -*- C++ -*-===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// klp-mark: for each declaration a livepatch module references, decide from
// the kernel's manifest whether the module loader can resolve it (vmlinux
// exports, names the kernel does not have) or whether livepatch must
// (unexported symbols, module symbols), and mark the latter for the link
// step as docs/mark-contract.md says. Runs after optimisation, so only
// references that survive are marked. docs/pass-plugin.md has the rules.
//
//===----------------------------------------------------------------------===//

#ifndef KLP_PASSES_KLPMARKPASS_H
#define KLP_PASSES_KLPMARKPASS_H

#include "llvm/IR/PassManager.h"

#include <string>

namespace klp {

struct MarkOptions {
  /// -klp-manifest: the manifest of the kernel the patch is for.
  std::string ManifestPath;
  /// -klp-object: the object (vmlinux or a module) the patch replaces code
  /// in; decides between same-named symbols. May be empty.
  std::string TargetObject;
};

class KlpMarkPass : public llvm::PassInfoMixin<KlpMarkPass> {
public:
  explicit KlpMarkPass(MarkOptions Opts) : Opts(std::move(Opts)) {}

  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &);

  /// Marking is not an optimisation: it runs at -O0 and on optnone code.
  static bool isRequired() { return true; }

private:
  MarkOptions Opts;
};

} // namespace klp

#endif // KLP_PASSES_KLPMARKPASS_H
