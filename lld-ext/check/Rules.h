//===- lld-ext/check/Rules.h - The checker's rule families ------*- C++ -*-===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Each rule family lives in its own file and sees the module through a
// ModuleFacts: the ELF view plus what every family needs to know first
// (which sections are livepatch relocation sections and for which object,
// which relocations the loader or livepatch will apply).
//
//===----------------------------------------------------------------------===//

#ifndef KLP_LLD_EXT_CHECK_RULES_H
#define KLP_LLD_EXT_CHECK_RULES_H

#include "lld-ext/check/Check.h"
#include "lld-ext/check/DiagnosticSink.h"
#include "lld-ext/check/KernelScan.h"
#include "lld-ext/elf/ElfModule.h"
#include "lld-ext/elf/Modinfo.h"

#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>
#include <vector>

namespace klp {

struct ArchInfo;
class Manifest;

namespace check {

/// A section with SHF_RELA_LIVEPATCH: the kernel's definition of a klp
/// relocation section.
struct KlpRelaSection {
  const ElfModuleSection *Section = nullptr;
  /// Null unless SHT_RELA/SHT_REL.
  const ElfModuleRelocSection *Relocs = nullptr;
  KernelRelaName KernelName; ///< As the kernel reads the name.
  bool isVmlinux() const { return KernelName.Object == "vmlinux"; }
  /// False if the kernel never applies the section: it cannot read the
  /// object, or the object names no module ('-' or cut at 55 characters).
  bool namesAnObject() const {
    return KernelName.Converted == 1 && !KernelName.ObjectCut &&
           !llvm::StringRef(KernelName.Object).contains('-');
  }
};

struct ModuleFacts {
  const ElfModule &Elf;
  const ArchInfo *Arch = nullptr; ///< Null when klp-llvm does not know it.
  std::string ModuleName;
  std::vector<KlpRelaSection> KlpSections;

  explicit ModuleFacts(const ElfModule &Elf) : Elf(Elf) {}

  const ElfModuleSymbol &symbol(uint32_t Index) const {
    return Elf.symbols()[Index];
  }
  /// The ELF relocations of section \p Index, or null.
  const ElfModuleRelocSection *relocsOf(uint32_t Index) const;
  /// True if the kernel's module loader applies this (non-livepatch)
  /// relocation section while loading: its target is a valid allocated
  /// section (kernel/module/main.c, apply_relocations()).
  bool loaderApplies(const ElfModuleSection &RelSec) const;
  /// True if the module has anything livepatch about it.
  bool looksLikeLivepatch() const;
};

/// e_type, e_machine, the symbol table (HeaderRules.cpp).
void checkElfHeader(const ModuleFacts &F, DiagnosticSink &Diags);
/// Section names and header fields of .klp.rela.* (RelaSectionRules.cpp).
void checkKlpRelaSections(const ModuleFacts &F, DiagnosticSink &Diags);
/// The symbols klp relocations use (KlpSymbolRules.cpp).
void checkKlpSymbols(const ModuleFacts &F, DiagnosticSink &Diags);
/// Livepatch symbols reached by relocations the loader applies
/// (NormalRelocRules.cpp).
void checkNormalRelocations(const ModuleFacts &F, DiagnosticSink &Diags);
/// Leftovers of an unfinished conversion (MarkRules.cpp).
void checkUnconverted(const ModuleFacts &F, DiagnosticSink &Diags);
/// .modinfo's livepatch entry (ModinfoRules.cpp).
void checkModinfo(const ModuleFacts &F, DiagnosticSink &Diags);
/// Relocation types, target bytes, call sites (ArchRules.cpp).
void checkArchRelocations(const ModuleFacts &F, DiagnosticSink &Diags);
/// Static branch and static call keys (StaticKeyRules.cpp).
void checkStaticKeys(const ModuleFacts &F, DiagnosticSink &Diags);
/// sympos resolution against a manifest (ManifestRules.cpp).
void checkAgainstManifest(const ModuleFacts &F, const Manifest &M,
                          DiagnosticSink &Diags);
/// Strong undefined symbols no export resolves (ExportRules.cpp).
void checkUndefinedExports(const ModuleFacts &F, const Manifest &M,
                           DiagnosticSink &Diags);
/// Module-specific relocations on kernels that cannot reload the target
/// (ReloadRules.cpp).
void checkTargetReload(const ModuleFacts &F, DiagnosticSink &Diags);

/// The kernel build the module records against the manifest's and the
/// running kernel's (IdentityRules.cpp).
void checkIdentity(const ModuleFacts &F, const Manifest *M,
                   const CheckOptions &Options, DiagnosticSink &Diags);

/// "livepatch: " messages come from kernel/livepatch/core.c.
inline std::string livepatchSays(const llvm::Twine &Msg) {
  return ("livepatch: " + Msg).str();
}

} // namespace check
} // namespace klp

#endif // KLP_LLD_EXT_CHECK_RULES_H
