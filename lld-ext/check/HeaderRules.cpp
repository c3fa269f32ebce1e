//===- lld-ext/check/HeaderRules.cpp - What every module needs ------------===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The module loader's first checks (kernel/module/main.c, elf_validity_*()):
// a relocatable object, one symbol table, one allocated
// .gnu.linkonce.this_module. The byte-level ones (header size, section
// offsets, string tables) are ElfModule's: a file failing them is unusable.
//
//===----------------------------------------------------------------------===//

#include "lld-ext/check/Rules.h"

#include "lld-ext/arch/Arch.h"

#include "llvm/Support/FormatVariadic.h"

using namespace llvm;
using namespace llvm::ELF;

namespace klp {
namespace check {

void checkElfHeader(const ModuleFacts &F, DiagnosticSink &Diags) {
  const ElfModule &Elf = F.Elf;
  if (Elf.fileType() != ET_REL)
    Diags.error("elf-type")
        .message(formatv("e_type is {0}, but a kernel module is a "
                         "relocatable object (ET_REL, {1})",
                         Elf.fileType(), unsigned(ET_REL)))
        .fix("link the module with -r (kbuild's module link), not as an "
             "executable or shared object")
        .kernel(formatv("Invalid ELF header type: {0} != {1}", Elf.fileType(),
                        unsigned(ET_REL)));

  if (!F.Arch)
    Diags.warning("arch-unknown")
        .message(formatv("e_machine {0} is not an architecture klp-llvm "
                         "knows; relocation types and target bytes were not "
                         "checked",
                         Elf.machine()))
        .fix("check the module on a supported architecture (x86_64, "
             "aarch64, ppc64le, s390x) or extend lld-ext/arch");

  if (!Elf.symtabIndex())
    Diags.error("no-symtab")
        .message("the module has no symbol table (SHT_SYMTAB); livepatch "
                 "relocations name their symbols through it")
        .fix("do not strip the module (no strip --strip-all or ld -s)")
        .kernel(F.ModuleName + ": module has no symbols (stripped?)");

  auto ThisModule = Elf.sectionsNamed(".gnu.linkonce.this_module");
  if (ThisModule.size() != 1) {
    Diags.error("this-module")
        .section(".gnu.linkonce.this_module")
        .message(formatv("the module has {0} .gnu.linkonce.this_module "
                         "sections; the loader needs exactly one (modpost's "
                         "struct module)",
                         ThisModule.size()))
        .fix("link the module through modpost (kbuild's .mod.o) so that it "
             "carries __this_module")
        .kernel("module " + F.ModuleName +
                ": Only one .gnu.linkonce.this_module section must exist.");
    return;
  }
  const ElfModuleSection *First = ThisModule.front();
  if (First->Type == SHT_NOBITS || !First->isAlloc())
    Diags.error("this-module")
        .section(First->Name)
        .message("the section holding struct module must be allocated and "
                 "have contents")
        .fix("do not change the flags modpost's .mod.o gives this section")
        .kernel("module " + F.ModuleName +
                (First->Type == SHT_NOBITS
                     ? ": .gnu.linkonce.this_module section must have a size "
                       "set"
                     : ": .gnu.linkonce.this_module must occupy memory during "
                       "process execution"));
}

} // namespace check
} // namespace klp
