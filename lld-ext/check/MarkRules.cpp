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
// symbols (and its __klp_relocs tables), klp-convert's ".klp.sym.rela.*"
// labels and KLP_SYMPOS tables, asm labels clang wrote with their quotes.
// The module loader resolves undefined symbols against exports only
// (simplify_symbols()): a strong one fails the load with "Unknown symbol", a
// weak one becomes 0 and the module calls or reads address 0.
//
//===----------------------------------------------------------------------===//

#include "lld-ext/check/Rules.h"

#include "format/KlpFormat.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

#include <optional>
#include <vector>

using namespace llvm;
using namespace llvm::ELF;

namespace klp {
namespace check {

static std::string unknownSymbol(const ModuleFacts &F,
                                 const ElfModuleSymbol &Sym) {
  return F.ModuleName + ": Unknown symbol " + Sym.Name.str() + " (err -2)";
}

static void reportUndefined(const ModuleFacts &F, const ElfModuleSymbol &Sym,
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

// Undefined symbols named like livepatch symbols, quoted or not: the
// loader resolves them against exports, which never have such names.
static void checkUnconvertedLabels(const ModuleFacts &F,
                                   const StringSet<> &Reported,
                                   DiagnosticSink &Diags) {
  for (const ElfModuleSymbol &Sym : F.Elf.symbols()) {
    StringRef Label = unquoteLabel(Sym.Name);
    if (!Sym.isUndefined() || !Label.starts_with(KlpSymPrefix.drop_back()) ||
        Reported.contains(Sym.Name))
      continue;
    if (Label.size() != Sym.Name.size()) {
      std::string Target = "a .klp.sym symbol";
      if (Expected<KlpLabel> L = parseKlpLabel(Sym.Name))
        Target = "'" + formatKlpSymbolName(L->Target) + "'";
      else
        consumeError(L.takeError());
      reportUndefined(
          F, Sym, "unconverted-klp-symbol",
          "livepatch label is still undefined, and its name keeps the double "
          "quotes of the asm label (clang writes them into the symbol name; "
          "GNU as strips them), so the kernel looks for the quoted name",
          "run klp-convert (or link with klp-ld), which reads quoted labels "
          "and makes it " +
              Target + " (SHN_LIVEPATCH)",
          Diags);
      continue;
    }
    bool Suse = isSuseKlpSymbolName(Label);
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

/// objtool's intermediate tables, __klp_relocs or __klp_relocs.<object>;
/// "objtool klp post-link" keeps them once it has converted their
/// placeholders (docs/klp-check.md).
static bool isObjtoolTable(StringRef Name) {
  return Name == "__klp_relocs" || Name.starts_with("__klp_relocs.");
}

// The tables a link step consumes: klp-convert v7's KLP_SYMPOS arrays
// (klp-convert removes them), and objtool's __klp_relocs while its
// placeholders are still undefined. Either means the module was never
// finalized.
static void checkUnconvertedTables(const ModuleFacts &F, StringSet<> &Reported,
                                   DiagnosticSink &Diags) {
  for (const ElfModuleSection &Sec : F.Elf.sections()) {
    bool V7 = Sec.Name.starts_with(ModuleRelocsPrefix);
    if (!V7 && !isObjtoolTable(Sec.Name))
      continue;
    // The table's relocations, with the symbols still undefined.
    std::vector<std::pair<const ElfModuleReloc *, const ElfModuleSymbol *>>
        Undef;
    for (const ElfModuleRelocSection &RS : F.Elf.relocSections()) {
      if (F.Elf.section(RS.Section).Info != Sec.Index)
        continue;
      for (const ElfModuleReloc &R : RS.Relocs)
        if (F.symbol(R.Symbol).isUndefined() && R.Symbol)
          Undef.push_back({&R, &F.symbol(R.Symbol)});
    }
    if (!V7 && Undef.empty())
      continue; // objtool klp post-link ran
    Diags.error("unconverted-table")
        .section(Sec.Name)
        .message(V7 ? "the module still carries a klp-convert KLP_SYMPOS "
                      "table (KLP_MODULE_RELOC): the module was not "
                      "finalized, so the symbols it annotates are ordinary "
                      "undefined symbols"
                    : "the module still carries objtool's intermediate "
                      "table with undefined .klp.sym placeholders: the "
                      "module was not finalized")
        .fix(V7 ? "run klp-convert on the linked module (or link it with "
                  "klp-ld)"
                : "run klp-convert (or objtool klp post-link) on the linked "
                  "module");
    if (!V7)
      continue; // the .klp.sym placeholders are reported by name
    StringRef Object = Sec.Name.drop_front(ModuleRelocsPrefix.size());
    for (auto [R, Sym] : Undef) {
      if (Sym->Name.empty() || !Reported.insert(Sym->Name).second)
        continue;
      std::optional<uint64_t> Pos = F.Elf.readValue(Sec, R->Offset + 8, 4);
      KernelSymbolRef Target{Object.str(), unquoteLabel(Sym->Name).str(),
                             Pos.value_or(0)};
      if (Expected<KlpLabel> L = parseKlpLabel(Sym->Name))
        Target = L->Target; // a label the table repeats
      else
        consumeError(L.takeError());
      reportUndefined(F, *Sym, "unconverted-table-symbol",
                      "reference annotated by " + Sec.Name +
                          " is still undefined",
                      "run klp-convert on the linked module, which makes it '" +
                          formatKlpSymbolName(Target) + "' (SHN_LIVEPATCH)",
                      Diags);
    }
  }
}

void checkUnconverted(const ModuleFacts &F, DiagnosticSink &Diags) {
  StringMap<const ElfModuleSymbol *> Undefined;
  for (const ElfModuleSymbol &Sym : F.Elf.symbols())
    if (Sym.Index && Sym.isUndefined() && !Sym.Name.empty())
      Undefined.try_emplace(Sym.Name, &Sym);

  StringSet<> Reported;
  if (const ElfModuleSection *Marks = F.Elf.findSection(MarkSectionName)) {
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
      for (const DeferredReference &D : MarksOrErr->Deferred) {
        auto It = Undefined.find(D.LinkName);
        if (It == Undefined.end() || !Reported.insert(D.LinkName).second)
          continue;
        reportUndefined(F, *It->second, "unconverted-mark-symbol",
                        "reference from " + D.Origin +
                            " that the compiler left to the link step is "
                            "still undefined: " +
                            D.Reason,
                        "define it in the module or name the kernel symbol, "
                        "then link with klp-ld or run klp-convert",
                        Diags);
      }
      for (const Mark &M : MarksOrErr->Marks) {
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

  checkUnconvertedTables(F, Reported, Diags);
  checkUnconvertedLabels(F, Reported, Diags);
}

} // namespace check
} // namespace klp
