//===- lld-ext/check/StaticKeyRules.cpp - Keys behind late relocations ----===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The loader registers a module's __jump_table and .static_call_sites
// entries right after loading it (jump_label_apply_nops() in
// module_finalize(), the static_call module notifier), reading each entry's
// key. A key reached through a module-specific klp relocation is written
// only when that module loads, possibly much later: until then the entry
// points at nothing. Keys in vmlinux are fine, .klp.rela.vmlinux.* is
// applied before those initialisations. objtool's klp diff refuses such
// keys; the kernel itself says nothing.
//
//===----------------------------------------------------------------------===//

#include "lld-ext/check/Rules.h"

#include "format/KlpFormat.h"
#include "kernel/SpecialSections.h"

#include "llvm/Support/FormatVariadic.h"

using namespace llvm;
using namespace llvm::ELF;

namespace klp {
namespace check {

void checkStaticKeys(const ModuleFacts &F, DiagnosticSink &Diags) {
  for (const KlpRelaSection &K : F.KlpSections) {
    if (!K.Relocs || !K.namesAnObject() || K.isVmlinux() ||
        K.Section->Info == 0)
      continue;
    StringRef Target = F.Elf.section(K.Section->Info).Name;
    bool Branch = Target == "__jump_table";
    bool Call = Target == ".static_call_sites";
    for (const ElfModuleReloc &R : K.Relocs->Relocs) {
      const ElfModuleSymbol &Sym = F.symbol(R.Symbol);
      if (!Sym.isSpecial(SHN_LIVEPATCH))
        continue; // reported by KlpSymbolRules
      KernelSymName KS = scanKlpSymName(Sym.Name);
      if (!Branch && !Call) {
        // Every other section the loader reads before a late relocation,
        // by the converter's own table (kernel/SpecialSections).
        KernelSymbolRef Ref{K.KernelName.Object,
                            KS.Converted == 3 ? KS.Name : Sym.Name.str(),
                            KS.SymPos};
        auto Where = [&] {
          return formatv("{0}+{1:x}", Target, R.Offset).str();
        };
        if (std::optional<std::string> Problem =
                moduleSpecificRelocProblem(Target, Where, Ref))
          Diags.error("late-relocation-in-loader-section")
              .section(K.Section->Name)
              .symbol(Sym.Name)
              .offset(R.Offset)
              .message(*Problem)
              .fix("reach the symbol from ordinary code of the patch, or "
                   "through a function of vmlinux");
        continue;
      }
      std::string Key = KS.Converted == 3 ? KS.Name : Sym.Name.str();
      std::string Objtool =
          Branch ? formatv("unsupported static branch key {0}.  Use "
                           "static_key_enabled() instead",
                           Key)
                       .str()
                 : formatv("unsupported static call key {0}.  Use "
                           "KLP_STATIC_CALL() instead",
                           Key)
                       .str();
      Diags.error(Branch ? "static-branch-key" : "static-call-key")
          .section(K.Section->Name)
          .symbol(Sym.Name)
          .offset(R.Offset)
          .message(formatv("a {0} entry reaches key '{1}' of module '{2}' "
                           "through a relocation applied only when that "
                           "module loads, after the patch module registered "
                           "the entry with a null key (objtool klp says: "
                           "\"{3}\")",
                           Target, Key, K.KernelName.Object, Objtool))
          .fix(Branch ? "test the key with static_key_enabled() (an "
                        "ordinary load) instead of static_branch_*()"
                      : "call through KLP_STATIC_CALL() or call the target "
                        "function directly");
    }
  }
}

} // namespace check
} // namespace klp
