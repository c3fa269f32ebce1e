//===- lld-ext/check/MarkRules.cpp - An unfinished conversion -------------===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Every pipeline leaves a livepatch reference as an undefined symbol until
// its link step converts it: the plugin's weak marked symbols (with a
// .note.klp.marks note, docs/mark-contract.md), objtool's weak ".klp.sym.*"
// symbols, klp-convert's ".klp.sym.rela.*" labels. The module loader
// resolves undefined symbols against exports only (simplify_symbols()): a
// strong one fails the load with "Unknown symbol", a weak one becomes 0 and
// the module calls or reads address 0.
//
//===----------------------------------------------------------------------===//

#include "lld-ext/check/Rules.h"

#include "format/KlpFormat.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

using namespace llvm;
using namespace llvm::ELF;

namespace klp {
namespace check {

static std::string unknownSymbol(const ModuleFacts &F, const ElfSymbol &Sym) {
  return F.ModuleName + ": Unknown symbol " + Sym.Name.str() + " (err -2)";
}

static void reportUndefined(const ModuleFacts &F, const ElfSymbol &Sym,
                            StringRef Rule, const Twine &What, const Twine &Fix,
                            DiagnosticSink &Diags) {
  Diags.error(Rule)
      .symbol(Sym.Name)
      .message(What + (Sym.isWeak()
                           ? ": the symbol is weak, so the loader sets it to 0 "
                             "and the module calls or reads address 0"
                           : ": the loader finds no export of that name and "
                             "refuses the module"))
      .fix(Fix)
      .kernel(Sym.isWeak() ? std::string() : unknownSymbol(F, Sym));
}

void checkUnconverted(const ModuleFacts &F, DiagnosticSink &Diags) {
  StringMap<const ElfSymbol *> Undefined;
  for (const ElfSymbol &Sym : F.Elf.symbols())
    if (Sym.Index && Sym.isUndefined() && !Sym.Name.empty())
      Undefined.try_emplace(Sym.Name, &Sym);

  StringSet<> Reported;
  if (const ElfSection *Marks = F.Elf.findSection(MarkSectionName)) {
    Diags.error("unconverted-marks")
        .section(Marks->Name)
        .message("the module still carries the plugin's marks: its link "
                 "step (klp-ld or klp-convert) never ran, so its livepatch "
                 "references were not converted")
        .fix("link the module with klp-ld, or run klp-convert on it, before "
             "loading it");
    auto MarksOrErr = parseMarkSection(Marks->Contents, F.Elf.isLittleEndian(),
                                       MarkSectionName);
    if (!MarksOrErr) {
      Diags.error("unconverted-marks")
          .section(Marks->Name)
          .message(toString(MarksOrErr.takeError()))
          .fix("rebuild the objects with the klp-llvm plugin that matches "
               "this klp-check");
    } else {
      for (const Mark &M : *MarksOrErr) {
        auto It = Undefined.find(M.LinkName);
        if (It == Undefined.end() || !Reported.insert(M.LinkName).second)
          continue;
        reportUndefined(F, *It->second, "unconverted-mark-symbol",
                        "marked reference to " + M.Target.Object + "'s '" +
                            M.Target.Name + "' is still undefined",
                        "convert it into '" + formatKlpSymbolName(M.Target) +
                            "' (SHN_LIVEPATCH) with klp-ld or klp-convert",
                        Diags);
      }
    }
  }

  for (const ElfSymbol &Sym : F.Elf.symbols()) {
    if (!Sym.isUndefined() || !Sym.Name.starts_with(KlpSymPrefix) ||
        Reported.contains(Sym.Name))
      continue;
    bool Suse = isSuseKlpSymbolName(Sym.Name);
    reportUndefined(
        F, Sym, "unconverted-klp-symbol",
        Suse ? "klp-convert label is still undefined (not SHN_LIVEPATCH)"
             : "livepatch symbol is undefined (SHN_UNDEF), not "
               "SHN_LIVEPATCH",
        Suse ? "run klp-convert on the linked module"
             : "give it st_shndx SHN_LIVEPATCH and move its relocations into "
               ".klp.rela sections (objtool klp post-link, klp-ld or "
               "klp-convert do this after the final link)",
        Diags);
  }
}

} // namespace check
} // namespace klp
