//===- lld-ext/check/RelaSectionRules.cpp - .klp.rela.* headers -----------===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// A klp relocation section is any section with SHF_RELA_LIVEPATCH
// (kernel/livepatch/core.c, klp_write_object_relocs()). The kernel reads its
// object from the name with ".klp.rela.%55[^.]", and hands the section to
// the arch's apply_relocate_add() as SHT_RELA entries against the symbol
// table, written into the section sh_info names:
//  * .klp.rela.vmlinux.* while the patch module loads (apply_relocations(),
//    which skips a section whose sh_info is not an allocated section);
//  * .klp.rela.<module>.* when that module is (or becomes) loaded, reading
//    the section headers the loader kept (copy_module_elf()), long after the
//    non-allocated parts of the file were freed.
//
//===----------------------------------------------------------------------===//

#include "lld-ext/check/Rules.h"

#include "format/KlpFormat.h"

#include "llvm/Support/FormatVariadic.h"

using namespace llvm;
using namespace llvm::ELF;

namespace klp {
namespace check {

static constexpr uint64_t RelaEntrySize = 24; // sizeof(Elf64_Rela)

/// A section named like a klp relocation section but not flagged as one is
/// an ordinary relocation section to the loader.
static void checkUnflagged(const ModuleFacts &F, DiagnosticSink &Diags) {
  for (const ElfModuleSection &Sec : F.Elf.sections()) {
    if (!Sec.Name.starts_with(KlpRelaPrefix) ||
        (Sec.Flags & SHF_RELA_LIVEPATCH))
      continue;
    Diags.error("klp-rela-flags")
        .section(Sec.Name)
        .message(formatv("the section is named like a livepatch relocation "
                         "section but lacks SHF_RELA_LIVEPATCH (flags {0:x}): "
                         "the module loader applies it while loading, with "
                         "every livepatch symbol still at address 0",
                         Sec.Flags))
        .fix("set sh_flags to SHF_ALLOC | SHF_INFO_LINK | SHF_RELA_LIVEPATCH "
             "(0x100042); the linker drops unknown OS flags, so convert "
             "after the final link (klp-ld or klp-convert)");
  }
}

/// The kernel's reading of the name, and the strict one klp-llvm writes.
static void checkName(const KlpRelaSection &K, DiagnosticSink &Diags) {
  StringRef Name = K.Section->Name;
  if (K.KernelName.Converted != 1) {
    Diags.error("klp-rela-name")
        .section(Name)
        .message("SHF_RELA_LIVEPATCH is set but the name is not "
                 "'.klp.rela.<object>.<section>': the kernel fails every "
                 "object of the patch (vmlinux included) on it")
        .fix("rename the section '.klp.rela.<object>.<section>' or clear "
             "SHF_RELA_LIVEPATCH")
        .kernel(livepatchSays("section " + Name +
                              " has an incorrectly formatted name"));
    return;
  }
  const std::string &Obj = K.KernelName.Object;
  if (K.KernelName.ObjectCut) {
    Diags.error("klp-rela-object")
        .section(Name)
        .message(formatv("the object name is longer than {0} characters; "
                         "the kernel reads '{1}', which names no object, so "
                         "the section is never applied",
                         MaxObjectNameLen, Obj))
        .fix("use the object's kernel name (MODULE_NAME_LEN - 1 = 55 "
             "characters at most)");
    return;
  }
  if (StringRef(Obj).contains('-')) {
    Diags.error("klp-rela-object")
        .section(Name)
        .message("the object name '" + Obj +
                 "' contains '-': the kernel names modules with '_' instead, "
                 "so the section is never applied")
        .fix("write the module name as the kernel does: '" +
             normalizeObjectName(Obj) + "'");
    return;
  }
  auto Strict = parseKlpRelaSectionName(Name);
  if (!Strict) {
    Diags.warning("klp-rela-name")
        .section(Name)
        .message("the kernel accepts this name, but it does not say which "
                 "section the relocations apply to: " +
                 toString(Strict.takeError()))
        .fix("name the section '.klp.rela." + Obj + ".<target section>'");
  }
}

static void checkHeader(const ModuleFacts &F, const KlpRelaSection &K,
                        DiagnosticSink &Diags) {
  const ElfModuleSection &Sec = *K.Section;
  bool ModuleSpecific = K.KernelName.Converted == 1 && !K.isVmlinux();

  if (Sec.Type != SHT_RELA)
    Diags.error("klp-rela-type")
        .section(Sec.Name)
        .message(formatv("sh_type is {0}, not SHT_RELA: the kernel reads the "
                         "section as Elf64_Rela entries regardless",
                         Sec.Type))
        .fix("emit livepatch relocations as SHT_RELA");

  if (!Sec.isAlloc()) {
    Diags
        .report(ModuleSpecific ? Severity::Error : Severity::Warning,
                "klp-rela-flags")
        .section(Sec.Name)
        .message(ModuleSpecific
                     ? "SHF_ALLOC is missing: the kernel applies this "
                       "section when the module is loaded, after it freed "
                       "the non-allocated parts of the patch module, and "
                       "reads freed memory"
                     : "SHF_ALLOC is missing: vmlinux sections are applied "
                       "while the file is still in memory, but every "
                       "livepatch tool sets it")
        .fix("set sh_flags to SHF_ALLOC | SHF_INFO_LINK | SHF_RELA_LIVEPATCH");
  }
  if (!(Sec.Flags & SHF_INFO_LINK))
    Diags.warning("klp-rela-flags")
        .section(Sec.Name)
        .message("SHF_INFO_LINK is missing: sh_info names the target "
                 "section, and ELF tools rely on the flag to say so")
        .fix("set sh_flags to SHF_ALLOC | SHF_INFO_LINK | SHF_RELA_LIVEPATCH");

  if (Sec.Link != F.Elf.symtabIndex())
    Diags.error("klp-rela-link")
        .section(Sec.Name)
        .message(formatv("sh_link is {0}, not the symbol table (section "
                         "{1}): the kernel resolves the entries against the "
                         "symbol table anyway, so they mean other symbols "
                         "than the section says",
                         Sec.Link, F.Elf.symtabIndex()))
        .fix("point sh_link at .symtab");

  if (Sec.EntSize != RelaEntrySize)
    Diags.error("klp-rela-entsize")
        .section(Sec.Name)
        .message(formatv("sh_entsize is {0}; the kernel steps through the "
                         "section in {1}-byte Elf64_Rela entries",
                         Sec.EntSize, RelaEntrySize))
        .fix("set sh_entsize to 24");
  if (Sec.AddrAlign != 8)
    Diags.warning("klp-rela-align")
        .section(Sec.Name)
        .message(formatv("sh_addralign is {0}; the loader reads Elf64_Rela "
                         "entries in place and every livepatch tool aligns "
                         "them to 8",
                         Sec.AddrAlign))
        .fix("set sh_addralign to 8");
}

static void checkTarget(const ModuleFacts &F, const KlpRelaSection &K,
                        DiagnosticSink &Diags) {
  const ElfModuleSection &Sec = *K.Section;
  const ElfModuleSection &Target = F.Elf.section(Sec.Info);
  bool Vmlinux = K.isVmlinux();
  StringRef Never =
      Vmlinux ? "the loader skips the section and the relocations are never "
                "written"
              : "livepatch writes the relocations into memory the module "
                "does not own";
  if (Sec.Info == 0) {
    Diags.error("klp-rela-info")
        .section(Sec.Name)
        .message("sh_info is 0, so the section applies to no section: " + Never)
        .fix("set sh_info to the index of the section the relocations "
             "patch");
    return;
  }
  if (!Target.isAlloc() || Target.isRelocation() || Target.Type == SHT_SYMTAB ||
      Target.Type == SHT_STRTAB) {
    Diags.error("klp-rela-info")
        .section(Sec.Name)
        .message(formatv("sh_info names section {0} '{1}', which the loader "
                         "does not load (not SHF_ALLOC or not code/data): {2}",
                         Target.Index, Target.Name, Never))
        .fix("set sh_info to the index of the section the relocations "
             "patch");
    return;
  }
  // The name's tail is informational for the kernel; a mismatch means the
  // section was built for another layout.
  auto Strict = parseKlpRelaSectionName(Sec.Name);
  if (!Strict) {
    consumeError(Strict.takeError());
    return;
  }
  StringRef Tail = Strict->second;
  if (Tail != Target.Name && Tail != Target.Name.ltrim('.'))
    Diags.warning("klp-rela-target-name")
        .section(Sec.Name)
        .message(formatv("the name says the relocations apply to '{0}' but "
                         "sh_info names section {1} '{2}'",
                         Tail, Target.Index, Target.Name))
        .fix("name the section after its target, '.klp.rela." + Strict->first +
             "." + Target.Name + "'");
}

void checkKlpRelaSections(const ModuleFacts &F, DiagnosticSink &Diags) {
  checkUnflagged(F, Diags);
  for (const KlpRelaSection &K : F.KlpSections) {
    checkName(K, Diags);
    checkHeader(F, K, Diags);
    checkTarget(F, K, Diags);
  }
}

} // namespace check
} // namespace klp
