//===- lld-ext/check/ModinfoRules.cpp - MODULE_INFO(livepatch, "Y") -------===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// kernel/module/main.c, check_modinfo_livepatch(): a module whose .modinfo
// has a "livepatch" entry (any value) is a livepatch module; only then does
// the loader keep its ELF headers and full symbol table for livepatch
// (copy_module_elf()), and only then does klp_enable_patch() accept it.
//
//===----------------------------------------------------------------------===//

#include "lld-ext/check/Rules.h"

#include "llvm/ADT/SmallVector.h"

using namespace llvm;
using namespace llvm::ELF;

namespace klp {
namespace check {

static constexpr StringLiteral ModinfoSection = ".modinfo";

std::optional<StringRef> findModinfo(const ElfModule &Elf, StringRef Tag) {
  const ElfSection *Sec = Elf.findSection(ModinfoSection);
  if (!Sec)
    return std::nullopt;
  StringRef All(reinterpret_cast<const char *>(Sec->Contents.data()),
                Sec->Contents.size());
  SmallVector<StringRef, 16> Entries;
  All.split(Entries, '\0', /*MaxSplit=*/-1, /*KeepEmpty=*/false);
  for (StringRef Entry : Entries) {
    auto [Key, Value] = Entry.split('=');
    if (Key == Tag && Entry.size() > Key.size())
      return Value;
  }
  return std::nullopt;
}

void checkModinfo(const ModuleFacts &F, DiagnosticSink &Diags) {
  auto Modinfos = F.Elf.sectionsNamed(ModinfoSection);
  if (Modinfos.size() > 1)
    Diags.error("modinfo")
        .section(ModinfoSection)
        .message("the module has more than one .modinfo section")
        .fix("link the module so that .modinfo sections are merged (kbuild's "
             "module linker script does)")
        .kernel("Only one .modinfo section must exist.");

  if (!F.looksLikeLivepatch()) {
    Diags.warning("not-livepatch")
        .message("the module has no livepatch symbols, sections, marks or "
                 "livepatch .modinfo entry; there is nothing livepatch to "
                 "check")
        .fix("check the livepatch module (.ko) the build produced");
    return;
  }

  std::optional<StringRef> Value = findModinfo(F.Elf, "livepatch");
  if (!Value) {
    Diags.error("modinfo-livepatch")
        .section(ModinfoSection)
        .message("the module uses livepatch but .modinfo has no "
                 "'livepatch=Y': the loader keeps no livepatch data for it "
                 "and klp_enable_patch() refuses it")
        .fix("add MODULE_INFO(livepatch, \"Y\") to the patch source")
        .kernel(livepatchSays("module " + F.ModuleName +
                              " is not marked as a livepatch module"));
    return;
  }
  if (*Value != "Y")
    Diags.warning("modinfo-livepatch")
        .section(ModinfoSection)
        .message("'livepatch=" + *Value +
                 "': the kernel only checks that the entry exists, but "
                 "MODULE_INFO(livepatch, \"Y\") is the convention tools look "
                 "for")
        .fix("write MODULE_INFO(livepatch, \"Y\")");
  if (!Modinfos.empty() && !Modinfos.front()->isAlloc())
    Diags.warning("modinfo")
        .section(ModinfoSection)
        .message("the section is not SHF_ALLOC: older kernels look for "
                 ".modinfo among allocated sections only (find_sec()) and "
                 "would not see 'livepatch=Y'")
        .fix("keep the flags the compiler gives .modinfo (\"a\")");
}

} // namespace check
} // namespace klp
