//===- manifest/ModuleSymbols.cpp - kallsyms of a kernel module -----------===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// A module's kallsyms is its own symbol table (kernel/module/kallsyms.c):
// the full table while the module loads, its "core" symbols after init
// (KallsymsOrder.cpp says which).
//
// The manifest keeps the core symbols in table order, numbered among core
// symbols, and flags each one whose sympos would name another symbol (or be
// ambiguous) in the full table: a livepatch relocation against it depends on
// whether it is applied while the module loads or later.
//
// Types are the kernel's elf_type() letters, upper-case when the module
// exports the symbol (s_show), which a .ko shows as a __ksymtab_<name>.
// Assumes CONFIG_KALLSYMS_ALL, CONFIG_SMP and CONFIG_MODULE_UNLOAD (without
// it .exit sections would be init sections too), as distribution kernels.
//
//===----------------------------------------------------------------------===//

#include "manifest/InputFile.h"
#include "manifest/KallsymsOrder.h"
#include "manifest/ManifestBuilder.h"
#include "manifest/ManifestInputs.h"

#include "format/KlpFormat.h"
#include "lld-ext/elf/Modinfo.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/BinaryFormat/ELF.h"

using namespace llvm;

namespace klp {

// The name the kernel gives the module (lld-ext/elf/Modinfo.h), normalized
// as kallsyms and .klp.sym names spell it.
static Expected<std::string> moduleName(const ElfModule &Elf, StringRef Path) {
  if (std::optional<StringRef> Name = kernelModuleName(Elf))
    return normalizeObjectName(*Name);
  return fileError(Path, "cannot tell the module's name: no 'name=' in "
                         ".modinfo and no name in "
                         ".gnu.linkonce.this_module (is this a .ko made by "
                         "modpost?)");
}

Error readKernelModule(StringRef Path, ManifestBuilder &Builder) {
  Expected<ElfInput> In = readElfInput(Path, "module");
  if (!In)
    return In.takeError();
  Builder.keepBuffer(std::move(In->Buffer));
  const ElfModule &Elf = In->Elf;
  if (Elf.fileType() != ELF::ET_REL)
    return fileError(Path, "not a kernel module: a .ko is an ELF "
                           "relocatable file (ET_REL), this is ELF type " +
                               Twine(Elf.fileType()));
  Expected<std::string> Name = moduleName(Elf, Path);
  if (!Name)
    return Name.takeError();
  Expected<std::optional<std::string>> BuildId = findGnuBuildId(Elf);
  if (!BuildId)
    return fileError(Path, toString(BuildId.takeError()));
  KernelIdentity Id;
  ModuleIdentity &ModId = Id.Modules[*Name];
  ModId.BuildId = BuildId->value_or("");
  ModId.SrcVersion = findModinfo(Elf, "srcversion").value_or("").str();
  if (Error E = Builder.addIdentity(Id))
    return fileError(Path, toString(std::move(E)));
  if (*Name == VmlinuxObject || Name->empty() ||
      Name->size() > MaxObjectNameLen ||
      any_of(*Name, [](char C) { return C == '.' || C <= ' '; }))
    return fileError(Path, "'" + *Name +
                               "' is not a usable module name (at most " +
                               Twine(MaxObjectNameLen) +
                               " characters, no dots, not 'vmlinux')");

  ModuleKallsyms Layout(Elf);
  std::vector<StringRef> Files = Elf.sourceFiles();

  // Exports, as the module's own __ksymtab shows them.
  StringMap<bool> Exports; // name -> GPL
  for (const ElfModuleSymbol &S : Elf.symbols()) {
    StringRef Exported = S.Name;
    const ElfModuleSection *Sec = Elf.sectionOf(S);
    if (!Exported.consume_front("__ksymtab_") || Exported.empty() || !Sec ||
        !(Sec->Name.starts_with("__ksymtab") ||
          Sec->Name.starts_with("___ksymtab")))
      continue;
    Exports[Exported] = Sec->Name.starts_with("__ksymtab_gpl") ||
                        Sec->Name.starts_with("___ksymtab_gpl+");
  }

  // Positions in the full table (all defined entries) and among core ones.
  StringMap<uint32_t> FullCount, CoreCount;
  // By symbol index: its position among the entries of its name.
  std::vector<uint32_t> FullPos(Elf.symbols().size()),
      CorePos(Elf.symbols().size());
  for (const ElfModuleSymbol &S : Elf.symbols()) {
    if (S.RawShndx == ELF::SHN_UNDEF)
      continue;
    FullPos[S.Index] = ++FullCount[S.Name];
    if (Layout.isCore(S))
      CorePos[S.Index] = ++CoreCount[S.Name];
  }

  ObjectSymbols Obj;
  Obj.Object = *Name;
  Obj.Source = Path.str();
  Obj.FromElf = true;
  for (const ElfModuleSymbol &S : Elf.symbols()) {
    if (!Layout.isCore(S))
      continue;
    char Type = Layout.type(S);
    auto Export = Exports.find(S.Name);
    bool IsExported = Export != Exports.end() && S.Binding != ELF::STB_LOCAL;
    Type = IsExported ? toUpper(Type) : toLower(Type);
    // The sympos written for this symbol, and whether the full table
    // resolves it to the same symbol.
    uint32_t Count = CoreCount[S.Name];
    uint32_t SymPos = Count <= 1 ? 0 : CorePos[S.Index];
    bool SameWhileLoading =
        SymPos == 0 ? FullCount[S.Name] == 1 : FullPos[S.Index] == SymPos;
    Obj.Symbols.push_back({S.Name, Files[S.Index], Type, !SameWhileLoading});
  }
  for (const auto &E : Exports)
    Builder.addExport({Builder.saver().save(*Name),
                       Builder.saver().save(E.getKey()), E.getValue()});
  return Builder.addObject(std::move(Obj));
}

} // namespace klp
