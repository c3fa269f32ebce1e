//===- lld-ext/check/KlpSymbolRules.cpp - Symbols of klp relocations ------===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// kernel/livepatch/core.c, klp_resolve_symbols(): for every entry of a klp
// relocation section the kernel takes the symbol, refuses it unless its
// st_shndx is SHN_LIVEPATCH, reads its name with
// ".klp.sym.%55[^.].%511[^,],%lu" and (since 5.8) refuses a vmlinux symbol
// in a module-specific section. Module symbols in a vmlinux section are
// allowed but resolve while the patch module loads.
//
//===----------------------------------------------------------------------===//

#include "lld-ext/check/Rules.h"

#include "format/KlpFormat.h"

#include "llvm/Support/FormatVariadic.h"

using namespace llvm;
using namespace llvm::ELF;

namespace klp {
namespace check {

namespace {

class SymbolChecker {
public:
  SymbolChecker(const ModuleFacts &F, DiagnosticSink &Diags)
      : F(F), Diags(Diags) {}

  void run() {
    for (const KlpRelaSection &K : F.KlpSections)
      if (K.Relocs)
        for (const ElfModuleReloc &R : K.Relocs->Relocs)
          check(K, R);
  }

private:
  void check(const KlpRelaSection &K, const ElfModuleReloc &R) {
    const ElfModuleSymbol &Sym = F.symbol(R.Symbol);
    StringRef Sec = K.Section->Name;
    if (!Sym.isSpecial(SHN_LIVEPATCH)) {
      notLivepatch(K, R, Sym);
      return;
    }
    KernelSymName KS = scanKlpSymName(Sym.Name);
    if (isSuseKlpSymbolName(unquoteLabel(Sym.Name))) {
      unconvertedLabel(K, R, Sym, KS);
      return;
    }
    if (KS.Converted != 3) {
      badName(K, R, Sym, KS);
      return;
    }
    checkStrictName(K, R, Sym, KS);
    if (StringRef(KS.Object).contains('-'))
      Diags.error("klp-sym-object")
          .section(Sec)
          .symbol(Sym.Name)
          .offset(R.Offset)
          .message("the object name '" + KS.Object +
                   "' contains '-': the kernel names modules with '_', so "
                   "the symbol is never found")
          .fix("write the module name as the kernel does: '" +
               normalizeObjectName(KS.Object) + "'")
          .kernel(livepatchSays("symbol '" + KS.Name +
                                "' not found in symbol table"));

    if (!K.namesAnObject())
      return; // never applied; RelaSectionRules reports why
    bool SecVmlinux = K.isVmlinux();
    bool SymVmlinux = KS.Object == VmlinuxObject;
    if (!SecVmlinux && SymVmlinux)
      Diags.error("klp-rela-vmlinux-symbol")
          .section(Sec)
          .symbol(Sym.Name)
          .offset(R.Offset)
          .message("a module-specific section (applied when '" +
                   K.KernelName.Object +
                   "' loads) references a vmlinux symbol; kernels since 5.8 "
                   "refuse it, so that module can no longer load while the "
                   "patch is enabled")
          .fix("move the relocation to .klp.rela.vmlinux." +
               F.Elf.section(K.Section->Info).Name.ltrim('.') +
               ", or use an ordinary relocation if the symbol is exported")
          .kernel(livepatchSays("invalid access to vmlinux symbol '" + KS.Name +
                                "' from module-specific livepatch relocation "
                                "section"));
    else if (SecVmlinux && !SymVmlinux)
      Diags.warning("klp-rela-module-symbol")
          .section(Sec)
          .symbol(Sym.Name)
          .offset(R.Offset)
          .message("a vmlinux section references a symbol of module '" +
                   KS.Object +
                   "': it is resolved while the patch module loads, so the "
                   "patch fails to load unless that module is loaded first")
          .fix("move the relocation to .klp.rela." + KS.Object + "." +
               F.Elf.section(K.Section->Info).Name.ltrim('.') +
               " so that it is applied when the module loads")
          .kernel(livepatchSays("symbol '" + KS.Name +
                                "' not found in symbol table"));
  }

  void notLivepatch(const KlpRelaSection &K, const ElfModuleReloc &R,
                    const ElfModuleSymbol &Sym) {
    std::string What;
    if (Sym.isUndefined())
      What = "undefined (SHN_UNDEF)";
    else if (Sym.isSpecial(SHN_ABS))
      What = "absolute (SHN_ABS)";
    else if (const ElfModuleSection *Sec = F.Elf.sectionOf(Sym))
      What = ("defined in section '" + Sec->Name + "'").str();
    else
      What = formatv("in section index {0:x}", Sym.Shndx).str();
    Diags.error("klp-sym-not-livepatch")
        .section(K.Section->Name)
        .symbol(Sym.Name)
        .offset(R.Offset)
        .message("a livepatch relocation uses a symbol that is " + What +
                 ", not SHN_LIVEPATCH: the kernel refuses the whole patch "
                 "object")
        .fix("reference kernel symbols through '.klp.sym.<object>.<name>,"
             "<sympos>' symbols with st_shndx SHN_LIVEPATCH (0xff20); keep "
             "relocations against the module's own symbols in ordinary "
             "relocation sections")
        .kernel(livepatchSays("symbol " + Sym.Name +
                              " is not marked as a livepatch symbol"));
  }

  void badName(const KlpRelaSection &K, const ElfModuleReloc &R,
               const ElfModuleSymbol &Sym, const KernelSymName &KS) {
    std::string Why;
    if (isKlpLabel(Sym.Name) && unquoteLabel(Sym.Name) != Sym.Name)
      Why = "it keeps the double quotes of the asm label it came from "
            "(clang writes them into the symbol name)";
    else if (KS.Converted == 0)
      Why = "it does not start with '.klp.sym.<object>'";
    else if (KS.ObjectTooLong)
      Why = formatv("the object name is longer than {0} characters",
                    MaxObjectNameLen);
    else if (KS.Converted == 1)
      Why = "no '.<symbol>' follows the object name";
    else if (KS.NameTooLong)
      Why = formatv("the symbol name is longer than {0} characters",
                    MaxSymbolNameLen);
    else
      Why = "no ',<sympos>' decimal number follows the symbol name";
    Diags.error("klp-sym-name")
        .section(K.Section->Name)
        .symbol(Sym.Name)
        .offset(R.Offset)
        .message("the livepatch symbol's name does not read as "
                 "'.klp.sym.<object>.<symbol>,<sympos>': " +
                 Why)
        .fix("name the symbol '.klp.sym.<object>.<symbol>,<sympos>' (object "
             "at most 55 characters, symbol at most 511, sympos decimal)")
        .kernel(livepatchSays("symbol " + Sym.Name +
                              " has an incorrectly formatted name"));
  }

  /// klp-convert's ".klp.sym.rela.<patch>.<object>.<name>,<pos>" labels
  /// parse as the kernel's format with object "rela": the kernel looks for
  /// a module called "rela" and finds nothing. v3 labels (".<pos>") and
  /// quoted ones do not parse at all.
  void unconvertedLabel(const KlpRelaSection &K, const ElfModuleReloc &R,
                        const ElfModuleSymbol &Sym, const KernelSymName &KS) {
    std::string Target = unquoteLabel(Sym.Name).str();
    if (auto L = parseKlpLabel(Sym.Name))
      Target = formatKlpSymbolName(L->Target);
    else
      consumeError(L.takeError());
    bool Scans = KS.Converted == 3;
    Diags.error("klp-sym-name")
        .section(K.Section->Name)
        .symbol(Sym.Name)
        .offset(R.Offset)
        .message(Scans ? "the symbol is a klp-convert label that was never "
                         "converted: the kernel reads it as symbol '" +
                             KS.Name + "' of a module called 'rela'"
                       : std::string("the symbol is a klp-convert label that "
                                     "was never converted: the kernel cannot "
                                     "read its name"))
        .fix("run klp-convert on the linked module, which renames it '" +
             Target + "'")
        .kernel(Scans ? livepatchSays("symbol '" + KS.Name +
                                      "' not found in symbol table")
                      : livepatchSays("symbol " + Sym.Name +
                                      " has an incorrectly formatted name"));
  }

  /// The kernel accepted the name; klp-llvm's own reading is stricter.
  void checkStrictName(const KlpRelaSection &K, const ElfModuleReloc &R,
                       const ElfModuleSymbol &Sym, const KernelSymName &KS) {
    auto Strict = parseKlpSymbolName(Sym.Name);
    if (Strict) {
      if (Strict->SymPos == KS.SymPos && Strict->Name == KS.Name)
        return;
    } else {
      consumeError(Strict.takeError());
    }
    Diags.warning("klp-sym-name")
        .section(K.Section->Name)
        .symbol(Sym.Name)
        .offset(R.Offset)
        .message(formatv("the kernel reads this as symbol '{0}', position "
                         "{1}, in '{2}'{3}; livepatch tools would not write "
                         "or read it that way",
                         KS.Name, KS.SymPos, KS.Object,
                         KS.Trailing.empty() ? std::string()
                                             : " and ignores the trailing '" +
                                                   KS.Trailing + "'"))
        .fix("write exactly '.klp.sym.<object>.<symbol>,<sympos>' with a "
             "plain decimal sympos and no spaces");
  }

  const ModuleFacts &F;
  DiagnosticSink &Diags;
};

} // namespace

void checkKlpSymbols(const ModuleFacts &F, DiagnosticSink &Diags) {
  SymbolChecker(F, Diags).run();
}

} // namespace check
} // namespace klp
