//===- manifest/KallsymsOrder.cpp - Which ELF symbols kallsyms lists ------===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The kernel build makes kallsyms from `nm -n vmlinux`, filtered by
// scripts/mksysmap (6.1+; earlier kernels did the same in scripts/kallsyms.c)
// and then by scripts/kallsyms.c, which sorts the survivors by address.
// This file applies the same rules to the ELF symbol table:
//
//  * nm never prints section and file symbols; mksysmap drops the types
//    a (local absolute), N (debugging), U (undefined), w (weak undefined),
//    and compiler/linker-generated names (below); kallsyms.c drops U, u, N,
//    n and absolute symbols (except four ia64 names) and, without
//    CONFIG_KALLSYMS_ALL, everything outside _stext.._etext and
//    _sinittext.._einittext;
//  * with CONFIG_KALLSYMS_ABSOLUTE_PERCPU (x86_64 SMP kernels before 6.15)
//    the per-CPU symbols between __per_cpu_start and __per_cpu_end are
//    shown as 'A' (an empty range: a kernel without SMP, none);
//  * the order is scripts/kallsyms' compare_symbols: address, then weak
//    symbols last, then linker-script symbols last, then fewer leading
//    underscores first, then nm's order (name).
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
//===----------------------------------------------------------------------===//

#include "manifest/KallsymsOrder.h"

#include "format/KlpFormat.h"
#include "lld-ext/elf/GnuNmType.h"
#include "lld-ext/elf/Modinfo.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/BinaryFormat/ELF.h"

#include <algorithm>
#include <cstring>
#include <tuple>

using namespace llvm;

namespace klp {

StringRef vmlinuxRelease(const ElfModule &Elf) {
  const ElfModuleSection *RoData = Elf.findSection(".rodata");
  if (!RoData)
    return "";
  StringRef Data = RoData->contentsAsString();
  size_t At = Data.find("Linux version ");
  if (At == StringRef::npos)
    return "";
  return Data.drop_front(At + strlen("Linux version ")).take_until([](char C) {
    return C == ' ' || C == '\0';
  });
}

// Its major and minor version; {0, 0} if unknown.
static std::pair<unsigned, unsigned> kernelVersion(StringRef Release) {
  StringRef V = Release;
  unsigned Major = 0, Minor = 0;
  if (V.consumeInteger(10, Major) || !V.consume_front(".") ||
      V.consumeInteger(10, Minor))
    return {0, 0};
  return {Major, Minor};
}

// scripts/kallsyms.c left its own tables out of kallsyms until Linux 6.10
// (commit 951bcae6c5a0); since then /proc/kallsyms lists them.
static bool isKallsymsTable(StringRef Name) {
  static constexpr StringLiteral Tables[] = {
      "kallsyms_addresses",   "kallsyms_offsets",     "kallsyms_relative_base",
      "kallsyms_num_syms",    "kallsyms_names",       "kallsyms_markers",
      "kallsyms_token_table", "kallsyms_token_index", "kallsyms_seqs_of_names"};
  return is_contained(Tables, Name);
}

// Names mksysmap / kallsyms.c drop, by prefix, suffix, exact match or
// substring (6.1 .. 6.19 union; all are compiler, linker or build
// artifacts that never name a patchable symbol).
static bool isIgnoredName(StringRef Name) {
  static constexpr StringLiteral Prefixes[] = {
      "$",                         // ARM/MIPS mapping symbols
      ".L",                        // local labels
      "__efistub_",                // arm64 EFI stub
      "__pi_$",                    // arm64 PIE namespace
      "__pi_.L",                   //
      "__kvm_nvhe_$",              // arm64 nVHE KVM namespace
      "__kvm_nvhe_.L",             //
      "__AArch64ADRPThunk_",       // lld thunks
      "__ARMV5PILongThunk_",       //
      "__ARMV7PILongThunk_",       //
      "__ThumbV7PILongThunk_",     //
      "__LA25Thunk_",              //
      "__microLA25Thunk_",         //
      "__kcfi_typeid_",            // CFI type identifiers
      "__kvm_nvhe___kcfi_typeid_", //
      "__pi___kcfi_typeid_",       //
      "__crc_",                    // modversions
      "__kstrtab_",                // EXPORT_SYMBOL name strings
      "__kstrtabns_",              // EXPORT_SYMBOL namespace strings
  };
  static constexpr StringLiteral Suffixes[] = {"_from_arm", "_from_thumb",
                                               "_veneer"};
  static constexpr StringLiteral Exact[] = {"L0", "_SDA_BASE_", "_SDA2_BASE_"};
  static constexpr StringLiteral Contains[] = {".long_branch.", ".plt_branch."};
  for (StringRef P : Prefixes)
    if (Name.starts_with(P))
      return true;
  for (StringRef S : Suffixes)
    if (Name.ends_with(S))
      return true;
  for (StringRef E : Exact)
    if (Name == E)
      return true;
  for (StringRef C : Contains)
    if (Name.contains(C))
      return true;
  return false;
}

static bool isIgnoredType(char T, StringRef Name) {
  switch (T) {
  case 'a': // mksysmap
  case 'N':
  case 'U':
  case 'w':
  case 'u': // kallsyms.c
  case 'n':
    return true;
  case 'A':
    return Name != "__kernel_syscall_via_break" &&
           Name != "__kernel_syscall_via_epc" && Name != "__kernel_sigtramp" &&
           Name != "__gp";
  default:
    return false;
  }
}

// scripts/kallsyms' guess at symbols a linker script defines.
static bool isLinkerScriptName(StringRef Name) {
  if (Name.size() < 8 || !Name.starts_with("__"))
    return false;
  StringRef Rest = Name.drop_front(2);
  return Rest.starts_with("start_") || Rest.starts_with("stop_") ||
         Rest.starts_with("end_") || Name.ends_with("_start") ||
         Name.ends_with("_end");
}

namespace {
struct Candidate {
  const ElfModuleSymbol *Sym;
  char Type;
  /// scripts/kallsyms' compare_symbols() order, computed once per symbol.
  std::tuple<uint64_t, bool, bool, size_t, StringRef, uint32_t> Order;
};
struct Range {
  StringRef StartName, EndName;
  bool HaveStart = false, HaveEnd = false;
  uint64_t Start = 0, End = 0;
  void note(const ElfModuleSymbol &S) {
    if (S.Name == StartName)
      Start = S.Value, HaveStart = true;
    else if (S.Name == EndName)
      End = S.Value, HaveEnd = true;
  }
  bool contains(uint64_t A) const { return A >= Start && A <= End; }
};
} // namespace

std::vector<KallsymsEntry> vmlinuxKallsyms(const ElfModule &Elf,
                                           bool KallsymsAll) {
  // Unknown versions keep the older rule.
  bool OmitKallsymsTables =
      kernelVersion(vmlinuxRelease(Elf)) < std::make_pair(6u, 10u);

  Range Text{"_stext", "_etext"}, InitText{"_sinittext", "_einittext"};
  Range PerCpu{"__per_cpu_start", "__per_cpu_end"};
  std::vector<Candidate> Kept;
  for (const ElfModuleSymbol &S : Elf.symbols()) {
    if (S.Index == 0 || S.Type == ELF::STT_SECTION || S.Type == ELF::STT_FILE ||
        S.Name.empty())
      continue; // nm does not print these
    char Type = gnuNmType(Elf, S);
    if (isIgnoredName(S.Name) || isIgnoredType(Type, S.Name) ||
        (OmitKallsymsTables && isKallsymsTable(S.Name)))
      continue;
    if (S.Name.size() > MaxSymbolNameLen)
      continue; // the kernel build would have failed
    Text.note(S);
    InitText.note(S);
    PerCpu.note(S);
    Kept.push_back({&S, Type, {}});
  }

  if (!KallsymsAll) {
    llvm::erase_if(Kept, [&](const Candidate &C) {
      uint64_t A = C.Sym->Value;
      if (!Text.contains(A) && !InitText.contains(A))
        return true;
      // Symbols sharing _etext's or _einittext's address may move between
      // the kallsyms link passes; kallsyms.c drops them.
      return (A == Text.End && C.Sym->Name != Text.EndName) ||
             (A == InitText.End && C.Sym->Name != InitText.EndName);
    });
  }
  // KALLSYMS_ABSOLUTE_PERCPU depends on SMP. A kernel without SMP keeps its
  // per-CPU variables in .data: its per-CPU range is empty, and what shares
  // that one address (__bss_start, __init_end, ...) keeps its nm type.
  if (Elf.machine() == ELF::EM_X86_64 && PerCpu.HaveStart && PerCpu.HaveEnd &&
      PerCpu.Start < PerCpu.End)
    for (Candidate &C : Kept)
      if (PerCpu.contains(C.Sym->Value))
        C.Type = 'A';

  for (Candidate &C : Kept) {
    StringRef N = C.Sym->Name;
    bool Weak = C.Type == 'w' || C.Type == 'W';
    size_t Underscores = N.size() - N.ltrim('_').size();
    C.Order = std::make_tuple(C.Sym->Value, Weak, isLinkerScriptName(N),
                              Underscores, N, C.Sym->Index);
  }
  llvm::sort(Kept, [](const Candidate &A, const Candidate &B) {
    return A.Order < B.Order;
  });

  std::vector<KallsymsEntry> Entries;
  Entries.reserve(Kept.size());
  for (const Candidate &C : Kept)
    Entries.push_back({C.Sym, C.Type});
  return Entries;
}

static uint32_t sectionIndex(const ElfModule &Elf, StringRef Name) {
  const ElfModuleSection *Sec = Elf.findSection(Name);
  return Sec ? Sec->Index : 0;
}

ModuleKallsyms::ModuleKallsyms(const ElfModule &Elf)
    : Elf(Elf), PerCpu(0), ModInfo(sectionIndex(Elf, ModinfoSectionName)),
      Versions(sectionIndex(Elf, "__versions")) {
  const ElfModuleSection *Sec = Elf.findSection(".data..percpu");
  PerCpu = Sec && Sec->isAlloc() ? Sec->Index : 0;
}

uint64_t ModuleKallsyms::flags(uint32_t Sec) const {
  uint64_t F = Elf.section(Sec).Flags;
  if (Sec == ModInfo || Sec == Versions)
    F &= ~uint64_t(ELF::SHF_ALLOC);
  return F;
}

bool ModuleKallsyms::isCore(const ElfModuleSymbol &S) const {
  if (S.RawShndx == ELF::SHN_UNDEF || S.RawShndx >= Elf.storedShnum() ||
      S.NameOffset == 0 || S.RawShndx >= Elf.sections().size())
    return false;
  if (PerCpu && S.RawShndx == PerCpu)
    return true;
  return (flags(S.RawShndx) & ELF::SHF_ALLOC) &&
         !Elf.section(S.RawShndx).Name.starts_with(".init");
}

char ModuleKallsyms::type(const ElfModuleSymbol &S) const {
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

} // namespace klp
