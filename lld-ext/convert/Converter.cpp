//===- lld-ext/convert/Converter.cpp - Marks to .klp.sym/.klp.rela --------===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The conversion, in the order it runs:
//
//  1. read the mark notes, objtool's __klp_relocs.<obj> tables and
//     klp-convert v7's .klp.module_relocs.<obj> tables (ModuleRelocs.cpp),
//     and schedule them (and their relocation sections) for removal;
//  2. decide, per symbol, whether it becomes a livepatch symbol, and under
//     which name (two references to one kernel symbol become one symbol);
//  3. number the symbols and sections that stay;
//  4. walk every relocation section once and decide each entry's fate:
//     relocations against livepatch symbols from allocated sections move to
//     .klp.rela groups (after the architecture's checks), everything else
//     stays, with its symbol index renumbered;
//  5. the decisions, down to each relocation, are the ConversionPlan; the
//     Writer (Writer.cpp) lays it out and writes it without deciding again.
//
// Why relocations from non-allocated sections stay: the loader never
// applies relocations to sections that are not SHF_ALLOC, and livepatch
// applies .klp.rela sections after the loader freed the non-allocated copy
// of the file (late, for module targets), so a .klp.rela section for
// .debug_info would write into freed memory. Left in place, they keep the
// module's DWARF readable by tools that apply relocations in ET_REL files
// (they resolve the SHN_LIVEPATCH symbol to 0, as for any undefined one).
//
//===----------------------------------------------------------------------===//

#include "lld-ext/convert/ConverterImpl.h"

#include "kernel/SpecialSections.h"
#include "lld-ext/elf/Modinfo.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/LEB128.h"

#include <algorithm>
#include <map>

using namespace llvm;
using namespace llvm::ELF;
using namespace llvm::object;

namespace klp {

constexpr StringLiteral ObjtoolRelocsPrefix = "__klp_relocs.";
constexpr StringLiteral ObjtoolTombstonePrefix = ".klp.tombstone.";
/// struct klp_reloc { void *offset; void *sym; u32 type; } on a 64-bit
/// kernel (tools/objtool/include/objtool/klp.h).
constexpr uint64_t ObjtoolEntrySize = 24;

static bool hasLivepatchModinfo(ArrayRef<uint8_t> Data) {
  return hasLivepatchEntry(toStringRef(Data));
}

template <class ELFT>
Converter<ELFT>::Converter(const View &V, const ArchInfo &Arch,
                           const ConvertOptions &Opts, WarningHandler &Warn,
                           ConvertStats &Stats)
    : V(V), Arch(Arch), Opts(Opts), Warn(Warn), Stats(Stats) {}

template <class ELFT>
std::string Converter<ELFT>::describeLocation(unsigned Sec,
                                              uint64_t Offset) const {
  // The symbol that covers the offset, else the closest one before it; only
  // error and warning paths get here.
  int Best = -1;
  uint64_t BestValue = 0;
  for (unsigned I = 1, E = V.Symbols.size(); I != E; ++I) {
    if (V.SymbolSection[I] != Sec)
      continue;
    const Sym &S = V.Symbols[I];
    uint8_t Type = S.getType();
    if (Type == STT_SECTION || Type == STT_FILE || V.SymbolNames[I].empty())
      continue;
    uint64_t Value = S.st_value;
    if (Value > Offset)
      continue;
    bool Covers = Offset < Value + S.st_size;
    if (Best < 0 || Covers || Value > BestValue) {
      Best = I;
      BestValue = Value;
      if (Covers)
        break;
    }
  }
  std::string Where = formatv("{0}+{1:x}", V.SectionNames[Sec], Offset).str();
  if (Best >= 0)
    Where +=
        formatv(" ({0}+{1:x})", V.SymbolNames[Best], Offset - BestValue).str();
  return Where;
}

//===----------------------------------------------------------------------===//
// 1. Inputs that are not symbols: marks and objtool tables
//===----------------------------------------------------------------------===//

template <class ELFT> Error Converter<ELFT>::collectMarks() {
  for (unsigned I = 1, E = V.numSections(); I != E; ++I) {
    if (V.SectionNames[I] != MarkSectionName)
      continue;
    if (V.Sections[I].sh_type != SHT_NOTE)
      return V.error(V.describeSection(I) +
                     ": is not SHT_NOTE; the mark notes are missing or were "
                     "not written by klp-llvm");
    Expected<MarkNotes> Notes = parseMarkSection(
        V.contents(I), ELFT::Endianness == llvm::endianness::little, V.File);
    if (!Notes)
      return Notes.takeError();
    for (DeferredReference &D : Notes->Deferred)
      Deferred[D.LinkName].push_back(std::move(D));
    // Most records repeat one another (one per object that referenced the
    // symbol): compare those, store only the first.
    for (Mark &M : Notes->Marks) {
      auto It = Marks.find(M.LinkName);
      if (It == Marks.end()) {
        Marks.try_emplace(M.LinkName, M);
        continue;
      }
      if (It->second.Target != M.Target)
        return V.error(formatv(
            "conflicting marks for '{0}': '{1}' and '{2}'; one undefined "
            "symbol can only mean one kernel symbol (were the objects "
            "compiled against different manifests?)",
            M.LinkName, formatMarkRecord(It->second), formatMarkRecord(M)));
    }
    if (Error E = keepIdentity(I, Notes->Identities))
      return E;
  }
  return Error::success();
}

// The objects' identity notes must agree: positions are only meaningful for
// one kernel build. The first mark section becomes the identity section of
// the module (one note); every other goes.
template <class ELFT>
Error Converter<ELFT>::keepIdentity(unsigned MarkSec,
                                    ArrayRef<BuildIdentity> Found) {
  bool First = !Identity;
  for (const BuildIdentity &Id : Found) {
    if (!Identity) {
      Identity = Id;
      continue;
    }
    if (*Identity != Id)
      return V.error(
          "the objects were compiled against manifests of different kernel "
          "builds (" +
          Identity->describe() + "; " + Id.describe() +
          "): the module can only be right for one of them; rebuild every "
          "object with the manifest of the kernel it patches");
  }
  for (unsigned I = 1, E = V.numSections(); I != E && !Found.empty(); ++I)
    if (V.SectionNames[I] == IdentitySectionName)
      return V.error(V.describeSection(I) +
                     ": the module already has an identity section and "
                     "still has marks; was it linked from converted "
                     "modules? Link the objects, then convert once");
  if (!Identity || !First || Found.empty()) {
    P.Sections[MarkSec].Remove = true;
    return Error::success();
  }
  // A note like the marks': SHT_NOTE, not allocated, so neither modpost
  // nor the loader looks at it.
  P.Sections[MarkSec].NewContents = formatIdentityNote(
      *Identity, ELFT::Endianness == llvm::endianness::little);
  P.Sections[MarkSec].NewName = IdentitySectionName.str();
  return Error::success();
}

template <class ELFT>
Error Converter<ELFT>::collectObjtoolTable(unsigned TableSec) {
  StringRef SecName = V.SectionNames[TableSec];
  std::string Object = SecName.drop_front(ObjtoolRelocsPrefix.size()).str();
  if (Error E = checkObjectName(Object))
    return V.error(V.describeSection(TableSec) +
                   ": bad object name: " + toString(std::move(E)));
  uint64_t Size = V.Sections[TableSec].sh_size;
  if (V.Sections[TableSec].sh_type == SHT_NOBITS || Size % ObjtoolEntrySize)
    return V.error(V.describeSection(TableSec) +
                   formatv(": size {0} is not a multiple of the {1}-byte "
                           "struct klp_reloc",
                           Size, ObjtoolEntrySize));
  P.Sections[TableSec].Remove = true;
  if (Size == 0)
    return Error::success();

  // The table's own relocations, by offset.
  std::vector<std::pair<uint64_t, const Rela *>> TableRelocs;
  for (unsigned R = 1, E = V.numSections(); R != E; ++R) {
    if (!V.isRelocSection(R) || V.Sections[R].sh_info != TableSec)
      continue;
    if (V.Sections[R].sh_type != SHT_RELA)
      return V.error(V.describeSection(R) + ": objtool tables need RELA");
    for (const Rela &X : relas(R))
      TableRelocs.push_back({X.r_offset, &X});
    P.Sections[R].Remove = true;
  }
  llvm::stable_sort(TableRelocs, [](const auto &A, const auto &B) {
    return A.first < B.first;
  });
  auto RelocAt = [&](uint64_t Off) -> const Rela * {
    auto It =
        llvm::lower_bound(TableRelocs, Off, [](const auto &P, uint64_t O) {
          return P.first < O;
        });
    if (It == TableRelocs.end() || It->first != Off)
      return nullptr;
    return It->second;
  };

  ArrayRef<uint8_t> Data = V.contents(TableSec);
  for (uint64_t Entry = 0; Entry * ObjtoolEntrySize < Size; ++Entry) {
    uint64_t Base = Entry * ObjtoolEntrySize;
    auto Bad = [&](const Twine &Why) {
      return V.error(formatv("{0}: entry {1}: ", SecName, Entry).str() + Why);
    };
    const Rela *OffRel = RelocAt(Base);
    const Rela *SymRel = RelocAt(Base + 8);
    if (!OffRel || !SymRel)
      return Bad("missing the relocation for its offset or symbol field; the "
                 "table was not written by objtool klp diff");
    for (const Rela *X : {OffRel, SymRel}) {
      if (X->getType(false) != Arch.Abs64Type)
        return Bad("field relocation is " + Arch.relocName(X->getType(false)) +
                   ", expected " + Arch.relocName(Arch.Abs64Type));
      if (X->getSymbol(false) >= V.Symbols.size())
        return Bad("field relocation has a bad symbol index");
    }
    // klp_reloc.offset: section symbol (+ value) + addend.
    unsigned OffSym = OffRel->getSymbol(false);
    uint32_t TargetSec = V.SymbolSection[OffSym];
    if (TargetSec == 0 || (TargetSec & SpecialShndxBit))
      return Bad("offset field does not point into a section");
    uint64_t Offset = V.Symbols[OffSym].st_value + OffRel->r_addend;
    // klp_reloc.sym: the .klp.sym placeholder + the relocation's addend.
    unsigned KlpSym = SymRel->getSymbol(false);
    if (!V.SymbolNames[KlpSym].starts_with(KlpSymPrefix) ||
        isSuseKlpSymbolName(V.SymbolNames[KlpSym]))
      return Bad("symbol field refers to " + V.describeSymbol(KlpSym) +
                 ", not a .klp.sym symbol");
    using Word = typename ELFT::Word;
    uint32_t Type = *reinterpret_cast<const Word *>(Data.data() + Base + 16);

    // The original relocation, against the tombstone or the placeholder,
    // becomes R_*_NONE as objtool klp post-link does.
    bool Found = false;
    for (unsigned R = 1, E = V.numSections(); R != E && !Found; ++R) {
      if (V.Sections[R].sh_type != SHT_RELA ||
          V.Sections[R].sh_info != TargetSec || P.Sections[R].Remove)
        continue;
      ArrayRef<Rela> Rs = relas(R);
      for (size_t K = 0, KE = Rs.size(); K != KE; ++K) {
        if (Rs[K].r_offset != Offset || Rs[K].getType(false) == Arch.NoneType)
          continue;
        unsigned S = Rs[K].getSymbol(false);
        if (S >= V.Symbols.size())
          continue; // reported by the relocation walk
        StringRef Name = V.SymbolNames[S];
        if (!Name.starts_with(ObjtoolTombstonePrefix) &&
            !Name.starts_with(KlpSymPrefix))
          continue;
        setRelocFate(R, K, Plan::KeepAsNone);
        if (Name.starts_with(ObjtoolTombstonePrefix))
          P.Symbols[S].Tombstone = true;
        Found = true;
        break;
      }
    }
    if (!Found)
      return Bad("no relocation against a .klp.tombstone or .klp.sym symbol "
                 "at " +
                 describeLocation(TargetSec, Offset));
    ObjtoolRelocs.push_back({Object, TargetSec, Offset, Type, SymRel->r_addend,
                             KlpSym,
                             formatv("{0} entry {1}", SecName, Entry).str()});
  }
  return Error::success();
}

template <class ELFT> Error Converter<ELFT>::collectObjtoolTables() {
  for (unsigned I = 1, E = V.numSections(); I != E; ++I)
    if (V.SectionNames[I].starts_with(ObjtoolRelocsPrefix))
      if (Error Err = collectObjtoolTable(I))
        return Err;
  return Error::success();
}

//===----------------------------------------------------------------------===//
// 2. Which symbols become livepatch symbols
//===----------------------------------------------------------------------===//

template <class ELFT>
Error Converter<ELFT>::addLivepatchSymbol(unsigned SymIdx,
                                          const KernelSymbolRef &Target,
                                          StringRef RelaObject) {
  P.Symbols[SymIdx].Livepatch = P.LivepatchSymbols.size();
  P.LivepatchSymbols.push_back({Target, RelaObject.str()});
  std::string Final = formatKlpSymbolName(Target);
  auto [It, Inserted] = FinalNames.try_emplace(Final, SymIdx);
  if (!Inserted) {
    // A second name for the same kernel symbol (a mark and a SUSE label, two
    // SUSE labels of different patched objects, ...): one symbol is enough.
    P.Symbols[SymIdx].Canonical = It->second;
    P.Symbols[SymIdx].Remove = true;
  }
  return Error::success();
}

// A reference some object could not decide alone: the module's own
// definition settles it; anything else is the ambiguity the compiler saw.
template <class ELFT>
Error Converter<ELFT>::checkDeferred(unsigned SymIdx,
                                     ArrayRef<DeferredReference> Refs) {
  StringRef Name = V.SymbolNames[SymIdx];
  if (!V.isUndefined(SymIdx) && !V.isSpecial(SymIdx, SHN_LIVEPATCH)) {
    ++Stats.DefinedLocally;
    return Error::success();
  }
  std::string Origins;
  for (const DeferredReference &D : Refs)
    Origins += (Origins.empty() ? "" : ", ") + D.Origin;
  auto Mark = Marks.find(Name);
  if (Mark != Marks.end())
    return V.error(formatv(
        "'{0}' is referenced from {1}, where it is ambiguous, and another "
        "object of the module resolved it to '{2}' by its own hints; one "
        "symbol cannot mean different things in different files: name the "
        "kernel symbol in {1} too (KLP_SYMBOL or KLP_SOURCE_FILE from klp.h). "
        "The compiler said: {3}",
        Name, Origins, formatKlpSymbolName(Mark->second.Target),
        Refs.front().Reason));
  return V.error(formatv("no object of the module defines '{0}', and the "
                         "kernel has several symbols of that name; referenced "
                         "from {1}: {2}",
                         Name, Origins, Refs.front().Reason));
}

// Asm labels: ".klp.sym.*" and SUSE's ".klp.sym.rela.*", quoted or not.
template <class ELFT> Error Converter<ELFT>::addLabelSymbol(unsigned SymIdx) {
  StringRef Name = V.SymbolNames[SymIdx];
  bool Suse = isSuseKlpSymbolName(unquoteLabel(Name));
  bool Undef = V.isUndefined(SymIdx);
  if (!Undef && !V.isSpecial(SymIdx, SHN_LIVEPATCH))
    return V.error(V.describeSymbol(SymIdx) +
                   (Suse ? ": a SUSE livepatch label must be an undefined "
                           "reference, but it is defined here"
                         : ": a .klp.sym symbol must be an undefined "
                           "reference to a kernel symbol, but it is defined "
                           "here"));
  Expected<KlpLabel> L = parseKlpLabel(Name);
  if (!L)
    return V.error(toString(L.takeError()));
  if (Undef)
    ++(Suse ? Stats.SuseSymbols : Stats.KlpNamedSymbols);
  // klp-convert named the sections of SUSE labels after the patched object.
  return addLivepatchSymbol(SymIdx, L->Target,
                            Suse ? L->LivepatchObject : L->Target.Object);
}

template <class ELFT> Error Converter<ELFT>::classifySymbols() {
  for (unsigned I = V.FirstGlobal, E = V.Symbols.size(); I != E; ++I) {
    StringRef Name = V.SymbolNames[I];
    bool Undef = V.isUndefined(I);
    bool Livepatch = V.isSpecial(I, SHN_LIVEPATCH);
    bool Reference = Undef || Livepatch;
    // An annotation names the kernel symbol outright: it settles what the
    // compiler left open, and must agree with what it decided.
    if (auto It = ModuleRelocs.find(I); It != ModuleRelocs.end()) {
      if (Error Err = addAnnotatedSymbol(I, It->second))
        return Err;
      continue;
    }
    if (auto It = Deferred.find(Name); It != Deferred.end()) {
      if (Error Err = checkDeferred(I, It->second))
        return Err;
      continue;
    }
    auto Mark = Marks.find(Name);
    if (Mark != Marks.end()) {
      if (!Reference) {
        // A livepatch name is never a definition, mark or not: converting
        // the output again must give the same answer.
        if (isKlpLabel(Name))
          return addLabelSymbol(I);
        // The module defines it after all: a normal reference.
        ++Stats.DefinedLocally;
        continue;
      }
      if (isKlpLabel(Name)) {
        Expected<KlpLabel> Named = parseKlpLabel(Name);
        if (Named && Named->Target != Mark->second.Target)
          return V.error(formatv("{0} is marked as '{1}', which its name "
                                 "contradicts",
                                 V.describeSymbol(I),
                                 formatMarkRecord(Mark->second)));
        consumeError(Named.takeError());
      }
      const KernelSymbolRef &T = Mark->second.Target;
      if (Undef)
        ++Stats.MarkedSymbols;
      if (Error Err = addLivepatchSymbol(I, T, T.Object))
        return Err;
      continue;
    }
    if (isKlpLabel(Name))
      if (Error Err = addLabelSymbol(I))
        return Err;
  }
  return Error::success();
}

//===----------------------------------------------------------------------===//
// 3. Numbering what stays
//===----------------------------------------------------------------------===//

template <class ELFT> Error Converter<ELFT>::numberSectionsAndSymbols() {
  unsigned NumSecs = V.numSections();
  // Relocation sections of removed sections go too, and nothing else may
  // depend on a removed section.
  for (unsigned I = 1; I != NumSecs; ++I)
    if (V.isRelocSection(I) && P.Sections[V.Sections[I].sh_info].Remove)
      P.Sections[I].Remove = true;
  for (unsigned I = 1; I != NumSecs; ++I) {
    if (P.Sections[I].Remove)
      continue;
    const Shdr &S = V.Sections[I];
    if (S.sh_link && P.Sections[S.sh_link].Remove)
      return V.error(V.describeSection(I) + " is linked to " +
                     V.describeSection(S.sh_link) +
                     ", which the conversion removes");
    if ((S.sh_flags & SHF_INFO_LINK) && S.sh_info < NumSecs &&
        P.Sections[S.sh_info].Remove)
      return V.error(V.describeSection(I) + " refers to " +
                     V.describeSection(S.sh_info) +
                     ", which the conversion removes");
  }
  unsigned Next = 1;
  for (unsigned I = 1; I != NumSecs; ++I) {
    if (P.Sections[I].Remove) {
      ++Stats.RemovedSections;
      continue;
    }
    P.Sections[I].NewIndex = Next++;
  }
  P.NumKeptSections = Next;

  // Symbols defined in removed sections go (their section symbols first of
  // all); a relocation that still needs one is an error found in the walk.
  unsigned NumSyms = V.Symbols.size();
  for (unsigned I = 1; I < NumSyms; ++I) {
    uint32_t Sec = V.SymbolSection[I];
    if (Sec && !(Sec & SpecialShndxBit) && P.Sections[Sec].Remove)
      P.Symbols[I].Remove = true;
  }
  uint32_t NextSym = 0;
  for (unsigned I = 0; I < NumSyms; ++I) {
    if (I == V.FirstGlobal)
      P.NewFirstGlobal = NextSym;
    if (!P.Symbols[I].Remove)
      P.Symbols[I].NewIndex = NextSym++;
  }
  if (V.FirstGlobal == NumSyms)
    P.NewFirstGlobal = NextSym;
  P.NumKeptSymbols = NextSym;
  for (unsigned I = 0; I < NumSyms; ++I)
    if (P.Symbols[I].Canonical != I)
      P.Symbols[I].NewIndex = P.Symbols[P.Symbols[I].Canonical].NewIndex;
  P.SymbolsRenumbered = NextSym != NumSyms;
  return Error::success();
}

//===----------------------------------------------------------------------===//
// 4. The relocation walk
//===----------------------------------------------------------------------===//

template <class ELFT>
void Converter<ELFT>::setRelocFate(unsigned R, size_t K, uint32_t Fate) {
  std::vector<uint32_t> &Fates = P.Sections[R].RelocFates;
  if (Fates.empty())
    Fates.assign(V.Sections[R].sh_size / V.Sections[R].sh_entsize,
                 Plan::KeepReloc);
  Fates[K] = Fate;
}

// Relocations of one section against one object come in runs: check the
// last group before looking the key up.
template <class ELFT>
unsigned Converter<ELFT>::groupFor(StringRef Object, unsigned Target) {
  unsigned G = LastGroup;
  if (G < P.Groups.size() && P.Groups[G].Target == Target &&
      P.Groups[G].Object == Object)
    return G;
  auto [It, Inserted] = GroupIndex.try_emplace(
      std::make_pair(Object.str(), Target), P.Groups.size());
  if (Inserted)
    P.Groups.push_back({Object.str(), Target, -1, {}, {}, 0});
  return LastGroup = It->second;
}

template <class ELFT>
Expected<unsigned>
Converter<ELFT>::moveToGroup(StringRef RelaObject, unsigned Target,
                             uint64_t Offset, uint32_t Type, unsigned SymIdx,
                             StringRef Origin) {
  const KernelSymbolRef &Ref =
      P.LivepatchSymbols[P.Symbols[SymIdx].Livepatch].Target;
  // Since Linux 5.8 a module-specific .klp.rela section may not reference
  // vmlinux ("invalid access to vmlinux symbol"), and vmlinux relocations are
  // applied when the patch loads, which is always early enough.
  StringRef Object =
      Ref.Object == VmlinuxObject ? StringRef(Ref.Object) : RelaObject;
  auto Where = [&] {
    std::string W = describeLocation(Target, Offset);
    if (!Origin.empty())
      W += " [" + Origin.str() + "]";
    return W;
  };
  auto Bad = [&](const Twine &Why) {
    return V.error(Where() + ": relocation against " +
                   formatKlpSymbolName(Ref) + ": " + Why);
  };
  const RelocInfo *Info = relocInfo(Type);
  if (!Info || !Info->LoaderApplies)
    return Bad("the " + Arch.Name + " module loader does not apply " +
               Arch.relocName(Type) +
               " relocations; compile the patch for the kernel's code model "
               "(kbuild's flags) so that references to kernel symbols use "
               "relocation types the loader supports");
  const Shdr &T = V.Sections[Target];
  if (!(T.sh_flags & SHF_ALLOC) || T.sh_type == SHT_NOBITS)
    return Bad("the target section is not allocated or has no contents");
  if (Offset > T.sh_size || Info->Size > T.sh_size - Offset)
    return Bad(formatv("offset {0:x} + {1} bytes is outside the section "
                       "({2:x} bytes)",
                       Offset, Info->Size, (uint64_t)T.sh_size));
  if (std::optional<std::string> Problem =
          moduleSpecificRelocProblem(V.SectionNames[Target], Where, Ref))
    return V.error(*Problem);

  ArrayRef<uint8_t> Bytes = V.contents(Target);
  if (Arch.TargetsMustBeZero && Info->Size) {
    ArrayRef<uint8_t> Field = Bytes.slice(Offset, Info->Size);
    if (llvm::any_of(Field, [](uint8_t B) { return B != 0; })) {
      // RELA: the bytes under a relocation are dead, the result is S + A
      // (- P). The x86 loader refuses nonzero bytes and writes zeros back
      // when it clears klp relocations, so zero is the only state it
      // accepts; write zeros and say so.
      P.Sections[Target].ZeroRanges.push_back({Offset, Info->Size});
      ++Stats.ZeroedTargets;
      Warn(V.File + ": " + Where() + ": bytes under the relocation against " +
           formatKlpSymbolName(Ref) +
           " were not zero; zeroed (the x86_64 loader requires zero targets)");
    }
  }
  if (Arch.CallsNeedNop && Info->IsCall) {
    uint32_t Next = 0;
    bool Present = Offset + 8 <= T.sh_size;
    if (Present)
      Next =
          support::endian::read32<ELFT::Endianness>(Bytes.data() + Offset + 4);
    if (!Present || Next != Arch.NopInsn)
      return Bad(
          (Present ? formatv("the instruction after the call is {0:x8}, not "
                             "a nop",
                             Next)
                         .str()
                   : std::string("the call is the last instruction of the "
                                 "section")) +
          "; the " + Arch.Name +
          " loader calls livepatch symbols through a stub and restores the "
          "TOC pointer in the slot after the branch (\"Expected nop after "
          "call\"). Call the symbol as an external function (declared "
          "extern, not defined in the patch), so that the compiler leaves "
          "that nop");
  }

  ++Stats.MovedRelocations;
  return groupFor(Object, Target);
}

template <class ELFT> Error Converter<ELFT>::registerExistingKlpRelas() {
  for (unsigned I = 1, E = V.numSections(); I != E; ++I) {
    const Shdr &S = V.Sections[I];
    if (P.Sections[I].Remove || !(S.sh_flags & SHF_RELA_LIVEPATCH))
      continue;
    if (S.sh_type != SHT_RELA)
      return V.error(V.describeSection(I) +
                     ": SHF_RELA_LIVEPATCH on a section that is not SHT_RELA");
    auto Parsed = parseKlpRelaSectionName(V.SectionNames[I]);
    if (!Parsed)
      return V.error(toString(Parsed.takeError()));
    auto [It, Inserted] = GroupIndex.try_emplace(
        std::make_pair(Parsed->first, (unsigned)S.sh_info), P.Groups.size());
    if (!Inserted)
      continue; // a second section of that name keeps its entries as is
    P.Groups.push_back({Parsed->first, (unsigned)S.sh_info, (int)I, {}, {}, 0});
    std::vector<Rela> &Entries = P.Groups.back().Entries;
    for (const Rela &X : relas(I)) {
      unsigned S = X.getSymbol(false);
      if (S >= V.Symbols.size())
        return V.error(V.describeSection(I) + ": bad symbol index");
      Rela Y = X;
      Y.setSymbolAndType(P.Symbols[S].NewIndex, X.getType(false), false);
      Entries.push_back(Y);
    }
    P.Sections[I].KlpGroup = It->second;
  }
  return Error::success();
}

// Decides the fate of every entry of relocation section R, once: kept
// (renumbered), kept as R_*_NONE, or moved to a .klp.rela group.
template <class ELFT>
template <class RelT>
Error Converter<ELFT>::walkRelocSection(unsigned R) {
  const Shdr &S = V.Sections[R];
  unsigned Target = S.sh_info;
  bool TargetAlloc = V.isAlloc(Target);
  ArrayRef<RelT> Entries = relocs<RelT>(R);
  unsigned NumSyms = V.Symbols.size();
  typename Plan::SectionPlan &Sec = P.Sections[R];

  bool Moves = false;
  uint64_t Kept = 0;
  for (size_t K = 0, KE = Entries.size(); K != KE; ++K) {
    const RelT &X = Entries[K];
    uint32_t Sym = X.getSymbol(false);
    if (Sym >= NumSyms)
      return V.error(V.describeSection(R) +
                     formatv(": relocation at offset {0:x} has symbol index "
                             "{1}, but the symbol table has {2} entries",
                             (uint64_t)X.r_offset, Sym, NumSyms));
    const typename Plan::SymbolPlan &SP = P.Symbols[Sym];
    if (SP.Remove && SP.Canonical == Sym) {
      // Debug info may point into a removed table (v7's, objtool's); the
      // loader never applies non-allocated relocations, so it loses nothing.
      if (!TargetAlloc) {
        setRelocFate(R, K, Plan::KeepAsNone);
        ++Kept;
        continue;
      }
      return V.error(V.describeSection(R) +
                     formatv(": relocation at offset {0:x} refers to {1}, "
                             "which is defined in a section the conversion "
                             "removes",
                             (uint64_t)X.r_offset, V.describeSymbol(Sym)));
    }
    uint32_t Type = X.getType(false);
    bool Objtool =
        !Sec.RelocFates.empty() && Sec.RelocFates[K] == Plan::KeepAsNone;
    // NONE relocations stay where they are: they write nothing, and the
    // ppc64 loader would refuse one in a .klp.rela section. Relocations of
    // debug info stay too (see the file comment).
    if (SP.Livepatch < 0 || Objtool || Type == Arch.NoneType || !TargetAlloc) {
      if (SP.Livepatch >= 0 && !Objtool && Type != Arch.NoneType)
        ++Stats.KeptNonAllocRelocations;
      ++Kept;
      continue;
    }
    if constexpr (!std::is_same_v<RelT, Rela>)
      return V.error(V.describeSection(R) +
                     formatv(": SHT_REL relocation at offset {0:x} against "
                             "livepatch {1}; livepatch relocations must be "
                             "SHT_RELA",
                             (uint64_t)X.r_offset, V.describeSymbol(Sym)));
    Expected<unsigned> G =
        moveToGroup(P.LivepatchSymbols[SP.Livepatch].RelaObject, Target,
                    X.r_offset, Type, Sym, "");
    if (!G)
      return G.takeError();
    setRelocFate(R, K, *G);
    typename Plan::Group &Group = P.Groups[*G];
    if (Group.Feeders.empty() || Group.Feeders.back() != R)
      Group.Feeders.push_back(R);
    ++Group.Moved;
    Moves = true;
  }
  Sec.KeptRelocs = Kept;
  // Livepatch symbols only from non-allocated sections: the bytes stay.
  Sec.RewriteRelocs = Moves || P.SymbolsRenumbered || !Sec.RelocFates.empty();
  return Error::success();
}

template <class ELFT> Error Converter<ELFT>::walkRelocations() {
  for (const ObjtoolReloc &O : ObjtoolRelocs) {
    if (P.Sections[O.Target].Remove)
      return V.error(O.Origin + ": its target section is removed");
    Expected<unsigned> G =
        moveToGroup(O.Object, O.Target, O.Offset, O.Type, O.Symbol, O.Origin);
    if (!G)
      return G.takeError();
    Rela Out;
    Out.r_offset = O.Offset;
    Out.r_addend = O.Addend;
    Out.setSymbolAndType(P.Symbols[O.Symbol].NewIndex, O.Type, false);
    P.Groups[*G].Entries.push_back(Out);
    ++Stats.ObjtoolEntries;
  }
  for (unsigned R = 1, E = V.numSections(); R != E; ++R) {
    if (P.Sections[R].Remove || P.Sections[R].KlpGroup >= 0 ||
        !V.isRelocSection(R))
      continue;
    Error Err = V.Sections[R].sh_type == SHT_RELA ? walkRelocSection<Rela>(R)
                                                  : walkRelocSection<Rel>(R);
    if (Err)
      return Err;
  }
  return Error::success();
}

//===----------------------------------------------------------------------===//
// Sections whose contents hold section or symbol indices
//===----------------------------------------------------------------------===//

template <class ELFT> Error Converter<ELFT>::rewriteIndexSections() {
  using Word = typename ELFT::Word;
  for (unsigned I = 1, E = V.numSections(); I != E; ++I) {
    if (P.Sections[I].Remove)
      continue;
    const Shdr &S = V.Sections[I];
    if (S.sh_type == SHT_GROUP) {
      if (S.sh_info >= V.Symbols.size() ||
          (P.Symbols[S.sh_info].Remove &&
           P.Symbols[S.sh_info].Canonical == S.sh_info))
        return V.error(V.describeSection(I) +
                       ": signature symbol is missing or removed");
      if (S.sh_size % sizeof(Word) || S.sh_size == 0)
        return V.error(V.describeSection(I) + ": bad size for a group");
      if (!Stats.RemovedSections)
        continue;
      ArrayRef<uint8_t> Raw = V.contents(I);
      ArrayRef<Word> Ws(reinterpret_cast<const Word *>(Raw.data()),
                        Raw.size() / sizeof(Word));
      std::vector<uint8_t> &Out = P.Sections[I].NewContents.emplace();
      auto Put = [&](uint32_t X) {
        Word W;
        W = X;
        const uint8_t *P = reinterpret_cast<const uint8_t *>(&W);
        Out.insert(Out.end(), P, P + sizeof(Word));
      };
      Put(Ws[0]); // GRP_COMDAT flag word
      for (uint32_t M : Ws.drop_front()) {
        if (M == 0 || M >= E)
          return V.error(V.describeSection(I) +
                         formatv(": member {0} is not a section index", M));
        if (!P.Sections[M].Remove)
          Put(P.Sections[M].NewIndex);
      }
    } else if (S.sh_type == SHT_LLVM_ADDRSIG && P.SymbolsRenumbered) {
      // A list of ULEB128 symbol indices: address-significant symbols.
      ArrayRef<uint8_t> Raw = V.contents(I);
      std::vector<uint8_t> &Out = P.Sections[I].NewContents.emplace();
      const uint8_t *Pos = Raw.data(), *End = Raw.data() + Raw.size();
      while (Pos < End) {
        unsigned N = 0;
        const char *Err = nullptr;
        uint64_t Sym = decodeULEB128(Pos, &N, End, &Err);
        if (Err || Sym >= V.Symbols.size())
          return V.error(V.describeSection(I) +
                         ": malformed address-significance table");
        Pos += N;
        if (P.Symbols[Sym].Remove && P.Symbols[Sym].Canonical == Sym)
          continue;
        uint8_t Buf[16];
        unsigned Len = encodeULEB128(P.Symbols[Sym].NewIndex, Buf);
        Out.insert(Out.end(), Buf, Buf + Len);
      }
    }
  }
  return Error::success();
}

//===----------------------------------------------------------------------===//
// Driver
//===----------------------------------------------------------------------===//

template <class ELFT> Error Converter<ELFT>::run() {
  unsigned NumSecs = V.numSections(), NumSyms = V.Symbols.size();
  P.Sections.resize(NumSecs);
  P.Symbols.resize(NumSyms);
  for (unsigned I = 0; I < NumSyms; ++I)
    P.Symbols[I].Canonical = I;

  for (unsigned I = 1; I != NumSecs; ++I)
    if (V.SectionNames[I] == ".modinfo" && hasLivepatchModinfo(V.contents(I)))
      LivepatchModinfo = true;

  if (Error E = collectMarks())
    return E;
  if (Error E = collectObjtoolTables())
    return E;
  if (Error E = collectModuleRelocTables())
    return E;
  if (Error E = classifySymbols())
    return E;
  if (Error E = numberSectionsAndSymbols())
    return E;
  if (Error E = registerExistingKlpRelas())
    return E;
  if (Error E = walkRelocations())
    return E;
  if (Error E = rewriteIndexSections())
    return E;

  bool NewLivepatchSymbols = false;
  for (unsigned I = 0; I < NumSyms; ++I)
    if ((P.Symbols[I].Livepatch >= 0 && !V.isSpecial(I, SHN_LIVEPATCH)) ||
        (P.Symbols[I].Tombstone && !V.isSpecial(I, SHN_LIVEPATCH)))
      NewLivepatchSymbols = true;
  for (unsigned I = 0; I < NumSyms; ++I)
    if (P.Symbols[I].Livepatch >= 0 && P.Symbols[I].Canonical == I)
      ++Stats.LivepatchSymbols;
  if (NewLivepatchSymbols && Opts.RequireLivepatchModinfo &&
      !LivepatchModinfo) {
    unsigned First = 0;
    for (unsigned I = 0; I < NumSyms && !First; ++I)
      if (P.Symbols[I].Livepatch >= 0)
        First = I;
    return V.error(
        "the module has livepatch references (" + V.describeSymbol(First) +
        ") but its " + NoLivepatchEntry +
        ", and the kernel refuses "
        "livepatch symbols in such a module; add MODULE_INFO(livepatch, "
        "\"Y\") to the patch module");
  }
  Stats.Changed =
      Stats.RemovedSections || NewLivepatchSymbols || Stats.MovedRelocations ||
      llvm::any_of(P.Sections, [](const auto &Sec) {
        return Sec.RewriteRelocs || Sec.NewContents || !Sec.RelocFates.empty();
      });
  return Error::success();
}

template class Converter<ELF64LE>;
template class Converter<ELF64BE>;

} // namespace klp
