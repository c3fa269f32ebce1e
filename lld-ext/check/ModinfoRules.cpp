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
// .modinfo is read as the kernel reads it, by the reader the converter and
// klp-ld share (lld-ext/elf/Modinfo.h).
//
//===----------------------------------------------------------------------===//

#include "lld-ext/check/Rules.h"

using namespace llvm;
using namespace llvm::ELF;

namespace klp {
namespace check {

void checkModinfo(const ModuleFacts &F, DiagnosticSink &Diags) {
  auto Modinfos = F.Elf.sectionsNamed(ModinfoSectionName);
  if (Modinfos.size() > 1)
    Diags.error("modinfo")
        .section(ModinfoSectionName)
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
        .section(ModinfoSectionName)
        .message("the module uses livepatch but " + NoLivepatchEntry +
                 ": the loader keeps no livepatch data for it and "
                 "klp_enable_patch() refuses it")
        .fix("add MODULE_INFO(livepatch, \"Y\") to the patch source")
        .kernel(livepatchSays("module " + F.ModuleName +
                              " is not marked as a livepatch module"));
    return;
  }
  if (*Value != "Y")
    Diags.warning("modinfo-livepatch")
        .section(ModinfoSectionName)
        .message("'livepatch=" + *Value +
                 "': the kernel only checks that the entry exists, but "
                 "MODULE_INFO(livepatch, \"Y\") is the convention tools look "
                 "for")
        .fix("write MODULE_INFO(livepatch, \"Y\")");
  if (!Modinfos.empty() && !Modinfos.front()->isAlloc())
    Diags.warning("modinfo")
        .section(ModinfoSectionName)
        .message("the section is not SHF_ALLOC: older kernels look for "
                 ".modinfo among allocated sections only (find_sec()) and "
                 "would not see 'livepatch=Y'")
        .fix("keep the flags the compiler gives .modinfo (\"a\")");
}

} // namespace check
} // namespace klp
