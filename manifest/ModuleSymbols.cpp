//===- manifest/ModuleSymbols.cpp - kallsyms of a kernel module -----------===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// A module's kallsyms is its own symbol table (kernel/module/kallsyms.c):
//
//  * while the module loads (and its init runs), the full table: livepatch
//    counts every entry whose st_shndx is not SHN_UNDEF;
//  * after init, only the "core" symbols (is_core_symbol): named, defined
//    in a real section (st_shndx below e_shnum, so not SHN_ABS), and either
//    in the per-CPU section or in an allocated section that is not an init
//    section (".init*"). The loader clears SHF_ALLOC of .modinfo and
//    __versions first. This is what /proc/kallsyms lists.
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

namespace {
/// The section facts the loader's decisions depend on.
struct ModuleLayout {
  const ElfModule &Elf;
  uint32_t PerCpu;
  uint32_t ModInfo, Versions;

  explicit ModuleLayout(const ElfModule &Elf)
      : Elf(Elf), PerCpu(findAlloc(Elf, ".data..percpu")),
        ModInfo(indexOf(Elf, ModinfoSectionName)),
        Versions(indexOf(Elf, "__versions")) {}

  static uint32_t indexOf(const ElfModule &Elf, StringRef Name) {
    const ElfModuleSection *Sec = Elf.findSection(Name);
    return Sec ? Sec->Index : 0;
  }
  static uint32_t findAlloc(const ElfModule &Elf, StringRef Name) {
    const ElfModuleSection *Sec = Elf.findSection(Name);
    return Sec && Sec->isAlloc() ? Sec->Index : 0;
  }

  uint64_t flags(uint32_t Sec) const {
    uint64_t F = Elf.section(Sec).Flags;
    if (Sec == ModInfo || Sec == Versions)
      F &= ~uint64_t(ELF::SHF_ALLOC);
    return F;
  }

  bool isCore(const ElfModuleSymbol &S) const {
    if (S.RawShndx == ELF::SHN_UNDEF || S.RawShndx >= Elf.storedShnum() ||
        S.NameOffset == 0 || S.RawShndx >= Elf.sections().size())
      return false;
    if (PerCpu && S.RawShndx == PerCpu)
      return true;
    return (flags(S.RawShndx) & ELF::SHF_ALLOC) &&
           !Elf.section(S.RawShndx).Name.starts_with(".init");
  }

  // kernel/module/kallsyms.c elf_type(), before s_show's case change.
  char type(const ElfModuleSymbol &S) const {
    if (S.Binding == ELF::STB_WEAK)
      return S.Type == ELF::STT_OBJECT ? 'v' : 'w';
    if (S.RawShndx == ELF::SHN_UNDEF)
      return 'U';
    if (S.RawShndx == ELF::SHN_ABS || (PerCpu && S.RawShndx == PerCpu))
      return 'a';
    if (S.RawShndx >= ELF::SHN_LORESERVE || S.RawShndx >= Elf.sections().size())
      return '?';
    const ElfModuleSection &Sec = Elf.section(S.RawShndx);
    uint64_t F = flags(S.RawShndx);
    if (F & ELF::SHF_EXECINSTR)
      return 't';
    if ((F & ELF::SHF_ALLOC) && Sec.Type != ELF::SHT_NOBITS)
      return (F & ELF::SHF_WRITE) ? 'd' : 'r';
    if (Sec.Type == ELF::SHT_NOBITS)
      return 'b';
    if (Sec.Name.starts_with(".debug"))
      return 'n';
    return '?';
  }
};
} // namespace

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

  ModuleLayout Layout(Elf);
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
