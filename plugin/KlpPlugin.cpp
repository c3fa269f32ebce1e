//===- plugin/KlpPlugin.cpp - The library clang and opt load --------------===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
//   clang -fplugin=KlpPlugin.so -fpass-plugin=KlpPlugin.so
//         -mllvm -klp-manifest=<manifest> [-mllvm -klp-object=<object>]
//   opt -load-pass-plugin KlpPlugin.so -passes=klp-mark
//       -klp-manifest=<manifest>
//
// clang parses -mllvm before it loads pass plugins, so the options below only
// exist if -fplugin loaded this library first; -fpass-plugin then finds it
// already loaded. The library links no LLVM: it uses the host's.
//
//===----------------------------------------------------------------------===//

#include "passes/KlpMarkPass.h"
#include "passes/ModuleRelocTables.h"

#include "llvm/Config/llvm-config.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/CommandLine.h"
#if LLVM_VERSION_MAJOR >= 22
#include "llvm/Plugins/PassPlugin.h" // moved from Passes/ in LLVM 22
#else
#include "llvm/Passes/PassPlugin.h"
#endif

using namespace llvm;

// The only state of the plugin: options have to be globals to be parsed.
static cl::opt<std::string>
    ManifestPath("klp-manifest",
                 cl::desc("klp-llvm: manifest of the kernel a livepatch is "
                          "built for (klp-manifest build)"),
                 cl::value_desc("file"));
static cl::opt<std::string>
    TargetObject("klp-object",
                 cl::desc("klp-llvm: object (vmlinux or a module) the "
                          "livepatch replaces code in; decides between "
                          "same-named kernel symbols"),
                 cl::value_desc("object"));

static klp::KlpMarkPass createPass() {
  return klp::KlpMarkPass({ManifestPath, TargetObject});
}

static void registerCallbacks(PassBuilder &PB) {
  PB.registerPipelineParsingCallback(
      [](StringRef Name, ModulePassManager &MPM,
         ArrayRef<PassBuilder::PipelineElement>) {
        if (Name != "klp-mark")
          return false;
        MPM.addPass(createPass());
        return true;
      });

  // First: klp-convert tables must outlive the optimizer until the mark
  // pass reads them.
  PB.registerPipelineStartEPCallback(
      [](ModulePassManager &MPM, OptimizationLevel) {
        MPM.addPass(klp::KeepModuleRelocTablesPass());
      });

  // Last in the optimisation pipeline, so only references that survive are
  // marked. Every level runs it, -O0 included, and so do the full and thin
  // LTO pre-link pipelines: the marks are in the bitcode before any LTO link.
#if LLVM_VERSION_MAJOR >= 20
  PB.registerOptimizerLastEPCallback(
      [](ModulePassManager &MPM, OptimizationLevel, ThinOrFullLTOPhase Phase) {
        // A ThinLTO backend compiles modules that were marked before the
        // link; marking them again would only duplicate records.
        if (Phase == ThinOrFullLTOPhase::ThinLTOPostLink ||
            Phase == ThinOrFullLTOPhase::FullLTOPostLink)
          return;
        MPM.addPass(createPass());
      });
#else
  PB.registerOptimizerLastEPCallback(
      [](ModulePassManager &MPM, OptimizationLevel) {
        MPM.addPass(createPass());
      });
#endif
}

extern "C" LLVM_ATTRIBUTE_WEAK PassPluginLibraryInfo llvmGetPassPluginInfo() {
  return {LLVM_PLUGIN_API_VERSION, "KlpPlugin", LLVM_VERSION_STRING,
          registerCallbacks};
}
