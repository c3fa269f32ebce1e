//===- lld-ext/check/NormalRelocRules.cpp - Loader relocations ------------===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The module loader (kernel/module/main.c) skips SHN_LIVEPATCH symbols when
// it resolves symbols (simplify_symbols()) and then applies every ordinary
// relocation section whose target is allocated (apply_relocations()). An
// ordinary relocation against a livepatch symbol therefore writes an
// unresolved value, silently. R_*_NONE entries are skipped by every arch
// loader; objtool's post-link step leaves such entries behind on purpose.
//
//===----------------------------------------------------------------------===//

#include "lld-ext/check/Rules.h"

#include "lld-ext/arch/Arch.h"

#include "format/KlpFormat.h"

#include "llvm/Support/FormatVariadic.h"

using namespace llvm;
using namespace llvm::ELF;

namespace klp {
namespace check {

/// objtool's intermediate table of klp relocations (klp diff writes it,
/// klp post-link reads it), "__klp_relocs" or, in later versions,
/// "__klp_relocs.<object>": its own relocations point at .klp.sym symbols,
/// and nothing reads the table at run time.
static bool isObjtoolKlpRelocs(StringRef Name) {
  return Name == "__klp_relocs" || Name.starts_with("__klp_relocs.");
}

void checkNormalRelocations(const ModuleFacts &F, DiagnosticSink &Diags) {
  uint32_t NoneType = F.Arch ? F.Arch->NoneType : 0;
  for (const ElfModuleRelocSection &RS : F.Elf.relocSections()) {
    const ElfModuleSection &Sec = F.Elf.section(RS.Section);
    // Misflagged .klp.rela sections are reported by RelaSectionRules.
    if (!F.loaderApplies(Sec) || Sec.Name.starts_with(KlpRelaPrefix))
      continue;
    const ElfModuleSection &Target = F.Elf.section(Sec.Info);
    if (isObjtoolKlpRelocs(Target.Name))
      continue;
    for (const ElfModuleReloc &R : RS.Relocs) {
      const ElfModuleSymbol &Sym = F.symbol(R.Symbol);
      if (!Sym.isSpecial(SHN_LIVEPATCH) || R.Type == NoneType)
        continue;
      Diags.error("livepatch-symbol-in-module-reloc")
          .section(Sec.Name)
          .symbol(Sym.Name)
          .offset(R.Offset)
          .message(formatv("an ordinary relocation ({0}) into '{1}' "
                           "uses a livepatch symbol: the module loader "
                           "applies it while loading, before livepatch "
                           "resolves the symbol, and writes its unresolved "
                           "value (0) plus the addend",
                           F.Arch ? F.Arch->relocName(R.Type)
                                  : "type " + std::to_string(R.Type),
                           Target.Name))
          .fix("move the relocation into .klp.rela.<object>." +
               Target.Name.ltrim('.') +
               " (the conversion missed it), or turn it into R_*_NONE if a "
               "klp relocation already covers the same place");
    }
  }
}

} // namespace check
} // namespace klp
