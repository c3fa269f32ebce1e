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

#include "manifest/ElfSymbols.h"
#include "manifest/InputFile.h"
#include "manifest/ManifestBuilder.h"
#include "manifest/ManifestInputs.h"

#include "format/KlpFormat.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/BinaryFormat/ELF.h"

using namespace llvm;

namespace klp {

static Error moduleError(StringRef Path, const Twine &Msg) {
  return createStringError(inconvertibleErrorCode(), Path + ": " + Msg);
}

// The name the kernel gives the module: modpost's "name=" in .modinfo, or
// else struct module's name in .gnu.linkonce.this_module (it follows an enum
// and a list_head, so it is at offset 24 on 64-bit and 12 on 32-bit).
static Expected<std::string> moduleName(const ElfSymbolTable &T,
                                        StringRef Path) {
  if (uint32_t I = T.findSection(".modinfo")) {
    StringRef Info = T.Sections[I].Contents;
    while (!Info.empty()) {
      auto [Entry, Rest] = Info.split('\0');
      Info = Rest;
      if (Entry.consume_front("name="))
        return normalizeObjectName(Entry);
    }
  }
  if (uint32_t I = T.findSection(".gnu.linkonce.this_module")) {
    StringRef This = T.Sections[I].Contents;
    size_t Off = T.Is64 ? 24 : 12;
    if (This.size() > Off) {
      StringRef Name = This.drop_front(Off);
      Name = Name.take_front(std::min<size_t>(Name.find('\0'), Name.size()));
      if (!Name.empty() && Name.size() <= MaxObjectNameLen &&
          all_of(Name,
                 [](char C) { return isAlnum(C) || C == '_' || C == '-'; }))
        return normalizeObjectName(Name);
    }
  }
  return moduleError(Path, "cannot tell the module's name: no 'name=' in "
                           ".modinfo and no name in "
                           ".gnu.linkonce.this_module (is this a .ko made by "
                           "modpost?)");
}

namespace {
/// The section facts the loader's decisions depend on.
struct ModuleLayout {
  const ElfSymbolTable &T;
  uint32_t PerCpu;
  uint32_t ModInfo, Versions;

  explicit ModuleLayout(const ElfSymbolTable &T)
      : T(T), PerCpu(findAlloc(T, ".data..percpu")),
        ModInfo(T.findSection(".modinfo")),
        Versions(T.findSection("__versions")) {}

  static uint32_t findAlloc(const ElfSymbolTable &T, StringRef Name) {
    uint32_t I = T.findSection(Name);
    return I && (T.Sections[I].Flags & ELF::SHF_ALLOC) ? I : 0;
  }

  uint64_t flags(uint32_t Sec) const {
    uint64_t F = T.Sections[Sec].Flags;
    if (Sec == ModInfo || Sec == Versions)
      F &= ~uint64_t(ELF::SHF_ALLOC);
    return F;
  }

  bool isCore(const ElfSymbol &S) const {
    if (S.RawShndx == ELF::SHN_UNDEF || S.RawShndx >= T.RawShnum ||
        S.NameOffset == 0 || S.RawShndx >= T.Sections.size())
      return false;
    if (PerCpu && S.RawShndx == PerCpu)
      return true;
    return (flags(S.RawShndx) & ELF::SHF_ALLOC) &&
           !T.Sections[S.RawShndx].Name.starts_with(".init");
  }

  // kernel/module/kallsyms.c elf_type(), before s_show's case change.
  char type(const ElfSymbol &S) const {
    if (S.Binding == ELF::STB_WEAK)
      return S.Type == ELF::STT_OBJECT ? 'v' : 'w';
    if (S.RawShndx == ELF::SHN_UNDEF)
      return 'U';
    if (S.RawShndx == ELF::SHN_ABS || (PerCpu && S.RawShndx == PerCpu))
      return 'a';
    if (S.RawShndx >= ELF::SHN_LORESERVE || S.RawShndx >= T.Sections.size())
      return '?';
    const ElfSection &Sec = T.Sections[S.RawShndx];
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
  Expected<std::unique_ptr<MemoryBuffer>> Buf = readInputFile(Path, "module");
  if (!Buf)
    return Buf.takeError();
  Expected<ElfSymbolTable> Table =
      readElfSymbolTable((*Buf)->getMemBufferRef(), Path);
  if (!Table)
    return Table.takeError();
  Builder.keepBuffer(std::move(*Buf));
  const ElfSymbolTable &T = *Table;
  if (T.FileType != ELF::ET_REL)
    return moduleError(Path, "not a kernel module: a .ko is an ELF "
                             "relocatable file (ET_REL), this is ELF type " +
                                 Twine(T.FileType));
  Expected<std::string> Name = moduleName(T, Path);
  if (!Name)
    return Name.takeError();
  if (*Name == VmlinuxObject || Name->empty() ||
      Name->size() > MaxObjectNameLen ||
      any_of(*Name, [](char C) { return C == '.' || C <= ' '; }))
    return moduleError(Path, "'" + *Name +
                                 "' is not a usable module name (at most " +
                                 Twine(MaxObjectNameLen) +
                                 " characters, no dots, not 'vmlinux')");

  ModuleLayout Layout(T);

  // Exports, as the module's own __ksymtab shows them.
  StringMap<bool> Exports; // name -> GPL
  for (const ElfSymbol &S : T.Symbols) {
    StringRef Exported = S.Name;
    const ElfSection *Sec = T.sectionOf(S);
    if (!Exported.consume_front("__ksymtab_") || Exported.empty() || !Sec ||
        !(Sec->Name.starts_with("__ksymtab") ||
          Sec->Name.starts_with("___ksymtab")))
      continue;
    Exports[Exported] = Sec->Name.starts_with("__ksymtab_gpl") ||
                        Sec->Name.starts_with("___ksymtab_gpl+");
  }

  // Positions in the full table (all defined entries) and among core ones.
  StringMap<uint32_t> FullCount, CoreCount;
  DenseMap<uint32_t, uint32_t> FullPos, CorePos; // symbol index -> position
  for (const ElfSymbol &S : T.Symbols) {
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
  for (const ElfSymbol &S : T.Symbols) {
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
    Obj.Symbols.push_back({S.Name, S.File, Type, !SameWhileLoading});
  }
  for (const auto &E : Exports)
    Builder.addExport({Builder.saver().save(*Name),
                       Builder.saver().save(E.getKey()), E.getValue()});
  return Builder.addObject(std::move(Obj));
}

} // namespace klp
