//===- lld-ext/check/Check.cpp - Run every rule on one module -------------===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "lld-ext/check/Check.h"

#include "lld-ext/arch/Arch.h"
#include "lld-ext/check/Rules.h"

#include "format/KlpFormat.h"

#include "llvm/Support/Path.h"

using namespace llvm;

namespace klp {

unsigned CheckReport::errorCount() const {
  return llvm::count_if(Diagnostics, [](const Diagnostic &D) {
    return D.Level == Severity::Error;
  });
}

unsigned CheckReport::warningCount() const {
  return Diagnostics.size() - errorCount();
}

namespace check {

const ElfModuleRelocSection *ModuleFacts::relocsOf(uint32_t Index) const {
  for (const ElfModuleRelocSection &RS : Elf.relocSections())
    if (RS.Section == Index)
      return &RS;
  return nullptr;
}

bool ModuleFacts::loaderApplies(const ElfModuleSection &RelSec) const {
  if (!RelSec.isRelocation() || (RelSec.Flags & SHF_RELA_LIVEPATCH))
    return false;
  // ElfModule has checked that sh_info is a section index.
  return RelSec.Info != 0 && Elf.section(RelSec.Info).isAlloc();
}

bool ModuleFacts::looksLikeLivepatch() const {
  if (!KlpSections.empty() || Elf.findSection(MarkSectionName))
    return true;
  for (const ElfModuleSection &Sec : Elf.sections())
    if (Sec.Name.starts_with(KlpRelaPrefix) ||
        Sec.Name.starts_with(ModuleRelocsPrefix))
      return true;
  for (const ElfModuleSymbol &Sym : Elf.symbols())
    if (Sym.isSpecial(SHN_LIVEPATCH) || isKlpLabel(Sym.Name) ||
        (Sym.isUndefined() && Sym.Name == "klp_enable_patch"))
      return true;
  return hasLivepatchEntry(Elf);
}

/// The name the kernel gives the module (.modinfo's name=, else struct
/// module's), else what the caller says, else the file name.
static std::string moduleName(const ElfModule &Elf, MemoryBufferRef Buffer,
                              const CheckOptions &Options) {
  if (std::optional<StringRef> Name = kernelModuleName(Elf))
    if (!Name->empty())
      return Name->str();
  if (!Options.ModuleName.empty())
    return normalizeObjectName(Options.ModuleName);
  // kbuild names foo.ko after the module foo.
  StringRef File = sys::path::filename(Buffer.getBufferIdentifier());
  if (!File.consume_back(".ko"))
    File = sys::path::stem(File);
  return normalizeObjectName(File);
}

static std::vector<KlpRelaSection> findKlpSections(const ModuleFacts &F) {
  std::vector<KlpRelaSection> Out;
  for (const ElfModuleSection &Sec : F.Elf.sections()) {
    if (Sec.Index == 0 || !(Sec.Flags & SHF_RELA_LIVEPATCH))
      continue;
    KlpRelaSection K;
    K.Section = &Sec;
    K.Relocs = F.relocsOf(Sec.Index);
    K.KernelName = scanKlpRelaName(Sec.Name);
    Out.push_back(std::move(K));
  }
  return Out;
}

} // namespace check

Expected<CheckReport> checkModule(MemoryBufferRef Buffer, const Manifest *M,
                                  const CheckOptions &Options) {
  using namespace check;
  // The file is named by klp-check's report, not by each message.
  Expected<ElfModule> ElfOrErr =
      ElfModule::read("", Buffer.getBuffer(), ElfChecks::Module);
  if (!ElfOrErr)
    return ElfOrErr.takeError();
  const ElfModule &Elf = *ElfOrErr;

  ModuleFacts F(Elf);
  F.Arch = getArchInfo(Elf.machine());
  F.ModuleName = moduleName(Elf, Buffer, Options);
  F.KlpSections = findKlpSections(F);

  DiagnosticSink Diags;
  checkElfHeader(F, Diags);
  checkKlpRelaSections(F, Diags);
  checkKlpSymbols(F, Diags);
  checkNormalRelocations(F, Diags);
  checkUnconverted(F, Diags);
  checkModinfo(F, Diags);
  checkArchRelocations(F, Diags);
  checkStaticKeys(F, Diags);
  checkTargetReload(F, Diags);
  if (M) {
    checkAgainstManifest(F, *M, Diags);
    checkUndefinedExports(F, *M, Diags);
  }
  checkIdentity(F, M, Options, Diags);

  CheckReport Report;
  Report.ModuleName = F.ModuleName;
  if (F.Arch)
    Report.Arch = F.Arch->Name.str();
  Report.Diagnostics = Diags.take();
  return Report;
}

} // namespace klp
