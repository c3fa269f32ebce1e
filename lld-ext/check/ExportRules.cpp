//===- lld-ext/check/ExportRules.cpp - Undefined symbols need exports -----===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// kernel/module/main.c, simplify_symbols(): every SHN_UNDEF symbol of the
// module is looked up among the exports of vmlinux and of the loaded
// modules (resolve_symbol_wait()); a weak one that is not found becomes 0,
// a strong one fails the load with "Unknown symbol". With a manifest that
// knows the exports (Module.symvers, or the __ksymtab of a vmlinux or .ko
// input) this is checked before loading: a kernel symbol the patch reaches
// only from inline assembly text, or a typo the plugin left alone (it
// marks only names the manifest has), would otherwise pass every other
// rule. SHN_LIVEPATCH symbols are not SHN_UNDEF: livepatch resolves them.
//
// An unfinished module (marks, KLP_SYMPOS tables, .klp.sym names still
// undefined) is reported by MarkRules.cpp with the step that is missing;
// this rule looks at finished modules only.
//
//===----------------------------------------------------------------------===//

#include "lld-ext/check/Rules.h"

#include "format/KbuildSymbols.h"
#include "format/KlpFormat.h"
#include "manifest/Manifest.h"

#include "llvm/ADT/SmallVector.h"

using namespace llvm;
using namespace llvm::ELF;

namespace klp {
namespace check {

// The manifest says which symbols are exported only if one of its inputs
// did; a kallsyms dump alone knows none, and every undefined symbol would
// look unexported.
static bool knowsExports(const Manifest &M) {
  for (const ManifestSymbol &S : M.symbols())
    if (S.Exported && S.Object == VmlinuxObject)
      return true;
  return false;
}

static bool isUnfinished(const ModuleFacts &F) {
  for (const ElfModuleSection &Sec : F.Elf.sections())
    if (Sec.Name == MarkSectionName || Sec.Name.starts_with(ModuleRelocsPrefix))
      return true;
  return false;
}

// kernel/module/main.c, ignore_undef_symbol(): GNU as before 2.37 leaves an
// unreferenced _GLOBAL_OFFSET_TABLE_ in x86 objects.
static bool loaderIgnores(const ModuleFacts &F, StringRef Name) {
  uint16_t Machine = F.Elf.machine();
  return (Machine == EM_X86_64 || Machine == EM_386) &&
         Name == "_GLOBAL_OFFSET_TABLE_";
}

// What to say about a name no export has: where the manifest has it, and
// how to reach it.
static std::string fixFor(StringRef Name, ArrayRef<ManifestSymbol> Candidates) {
  if (Candidates.empty())
    return ("no object in the manifest has a symbol '" + Name +
            "': if it is a typo, fix the name; if the patch defines it, "
            "link that object into the module; if a module the manifest "
            "does not describe exports it, add that module (klp-manifest "
            "build --module or --symvers)")
        .str();
  std::string How = "reference it from C so that the plugin marks it, or "
                    "name it with ";
  if (Candidates.size() == 1) {
    const ManifestSymbol &S = Candidates.front();
    return (S.Object + " has '" + Name + "' but does not export it: " + How +
            "KLP_SYMBOL(" + S.Object + ", " + Name + ", " + Twine(S.sympos()) +
            ") (klp.h); klp-ld or klp-convert then make " + "it '" +
            formatKlpSymbolName({S.Object.str(), Name.str(), S.sympos()}) +
            "' (SHN_LIVEPATCH), which livepatch resolves")
        .str();
  }
  return (Twine(Candidates.size()) + " symbols '" + Name +
          "' in the manifest, none exported: " + How + "KLP_SYMBOL(<object>, " +
          Name +
          ", <position>) (klp.h; 'klp-manifest query' lists them), which "
          "klp-ld or klp-convert make a .klp.sym symbol (SHN_LIVEPATCH)")
      .str();
}

void checkUndefinedExports(const ModuleFacts &F, const Manifest &M,
                           DiagnosticSink &Diags) {
  if (isUnfinished(F) || !knowsExports(M))
    return;
  for (const ElfModuleSymbol &Sym : F.Elf.symbols()) {
    if (Sym.Index == 0 || !Sym.isUndefined() || Sym.isWeak() ||
        Sym.Name.empty())
      continue;
    // Unconverted livepatch names are MarkRules' (unconverted-klp-symbol).
    if (unquoteLabel(Sym.Name).starts_with(KlpSymPrefix.drop_back()))
      continue;
    // kbuild defines these in every final module; an intermediate link
    // still refers to them.
    if (isKbuildModuleSymbol(Sym.Name) || loaderIgnores(F, Sym.Name))
      continue;
    Expected<SmallVector<ManifestSymbol, 4>> Found = M.lookup(Sym.Name);
    if (!Found) {
      Diags.error("manifest-damaged")
          .symbol(Sym.Name)
          .message(toString(Found.takeError()))
          .fix("rebuild the manifest with klp-manifest build");
      return; // every later lookup may say the same
    }
    if (any_of(*Found, [](const ManifestSymbol &S) { return S.Exported; }))
      continue;
    Diags.error("unknown-symbol")
        .symbol(Sym.Name)
        .message("undefined symbol is not exported by vmlinux or by any "
                 "module the manifest knows, and it is not a livepatch "
                 "symbol (SHN_LIVEPATCH): the loader resolves undefined "
                 "symbols against exports only and refuses the module")
        .fix(fixFor(Sym.Name, *Found))
        .kernel(F.ModuleName + ": Unknown symbol " + Sym.Name + " (err -2)");
  }
}

} // namespace check
} // namespace klp
