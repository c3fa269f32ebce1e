//===- lld-ext/convert/ModuleRelocs.cpp - klp-convert v7 annotations ------===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// klp-convert v7 (J. Lawrence, 2023) lets a patch name the position of a
// kernel symbol in its source:
//
//   KLP_MODULE_RELOC(vmlinux) relocs[] = { KLP_SYMPOS(saved_command_line, 0) };
//
// puts into .klp.module_relocs.vmlinux an array of
//
//   struct klp_module_reloc {
//     union { void *sym; u64 sym64; }; // absolute 64-bit relocation to sym
//     u32 sympos;
//   } __packed;                         // 12 bytes
//
// and every reference of the module to saved_command_line then means
// .klp.sym.vmlinux.saved_command_line,0. The tables are consumed here: they
// are allocated data, and the loader would otherwise resolve their
// relocations against symbols that are no longer undefined.
//
//===----------------------------------------------------------------------===//

#include "lld-ext/convert/ConverterImpl.h"

#include "llvm/Support/Endian.h"
#include "llvm/Support/FormatVariadic.h"

using namespace llvm;
using namespace llvm::ELF;
using namespace llvm::object;

namespace klp {

// ModuleRelocsPrefix and ModuleRelocEntrySize (format/KlpFormat.h); the u32
// sympos follows the 64-bit pointer.
constexpr uint64_t ModuleRelocSymposOffset = 8;

template <class ELFT>
Error Converter<ELFT>::addModuleRelocEntry(unsigned TableSec, uint64_t Entry,
                                           const Rela &X) {
  StringRef SecName = V.SectionNames[TableSec];
  StringRef Object = SecName.drop_front(ModuleRelocsPrefix.size());
  auto Bad = [&](const Twine &Why) {
    return V.error(formatv("{0}: entry {1}: ", SecName, Entry).str() + Why);
  };
  if (X.getType(false) != Arch.Abs64Type)
    return Bad("its symbol field has a " + Arch.relocName(X.getType(false)) +
               " relocation, expected " + Arch.relocName(Arch.Abs64Type) +
               " (KLP_SYMPOS(sym, pos) stores &sym)");
  unsigned SymIdx = X.getSymbol(false);
  if (SymIdx == 0 || SymIdx >= V.Symbols.size())
    return Bad(formatv("its relocation has symbol index {0}", SymIdx));
  if (X.r_addend != 0)
    return Bad(formatv("its relocation has addend {0}; KLP_SYMPOS takes the "
                       "address of the symbol itself",
                       (int64_t)X.r_addend));
  StringRef SymName = V.SymbolNames[SymIdx];
  if (V.Symbols[SymIdx].getType() == STT_SECTION) {
    uint32_t Sec = V.SymbolSection[SymIdx];
    return Bad("it points into " +
               (Sec && !(Sec & SpecialShndxBit) ? V.describeSection(Sec)
                                                : V.describeSymbol(SymIdx)) +
               " of the module, not to a kernel symbol");
  }
  if (SymName.empty())
    return Bad("it refers to " + V.describeSymbol(SymIdx) +
               ", which has no name");
  if (!V.isUndefined(SymIdx))
    return Bad("it annotates " + V.describeSymbol(SymIdx) +
               ", which is not undefined in the module; KLP_SYMPOS names "
               "kernel symbols the patch references");

  ArrayRef<uint8_t> Data = V.contents(TableSec);
  uint64_t Base = Entry * ModuleRelocEntrySize;
  ModuleReloc A;
  A.Target = {Object.str(), unquoteLabel(SymName).str(),
              support::endian::read32<ELFT::Endianness>(
                  Data.data() + Base + ModuleRelocSymposOffset)};
  A.RelaObject = A.Target.Object;
  A.Origin = formatv("{0} entry {1} (KLP_SYMPOS({2}, {3}))", SecName, Entry,
                     SymName, A.Target.SymPos)
                 .str();
  if (isKlpLabel(SymName)) {
    // The symbol already names its kernel symbol: both must agree.
    Expected<KlpLabel> L = parseKlpLabel(SymName);
    if (!L)
      return V.error(A.Origin + ": " + toString(L.takeError()));
    A.Target.Name = L->Target.Name;
    if (L->Target != A.Target)
      return V.error(formatv("{0} makes {1} '{2}', but the symbol's label "
                             "names '{3}'; one symbol can only mean one "
                             "kernel symbol",
                             A.Origin, V.describeSymbol(SymIdx),
                             formatKlpSymbolName(A.Target),
                             formatKlpSymbolName(L->Target)));
    if (L->Kind != KlpLabel::Form::KlpSym)
      A.RelaObject = L->LivepatchObject;
  }
  if (Error E = checkKernelSymbolRef(A.Target))
    return V.error(A.Origin + ": " + toString(std::move(E)));

  auto [It, Inserted] = ModuleRelocs.try_emplace(SymIdx, A);
  if (!Inserted && It->second.Target != A.Target)
    return V.error(formatv("conflicting KLP_SYMPOS annotations for {0}: {1} "
                           "names '{2}', {3} names '{4}'",
                           V.describeSymbol(SymIdx), It->second.Origin,
                           formatKlpSymbolName(It->second.Target), A.Origin,
                           formatKlpSymbolName(A.Target)));
  return Error::success();
}

template <class ELFT>
Error Converter<ELFT>::collectModuleRelocTable(unsigned TableSec) {
  StringRef SecName = V.SectionNames[TableSec];
  std::string Object = SecName.drop_front(ModuleRelocsPrefix.size()).str();
  if (Error E = checkObjectName(Object))
    return V.error(V.describeSection(TableSec) +
                   ": bad object name: " + toString(std::move(E)));
  const Shdr &S = V.Sections[TableSec];
  if (S.sh_type == SHT_NOBITS)
    return V.error(V.describeSection(TableSec) +
                   ": is SHT_NOBITS; a KLP_SYMPOS table has contents");
  if (S.sh_size % ModuleRelocEntrySize)
    return V.error(V.describeSection(TableSec) +
                   formatv(": size {0} is not a multiple of the {1}-byte "
                           "packed struct klp_module_reloc",
                           (uint64_t)S.sh_size, ModuleRelocEntrySize));
  P.Sections[TableSec].Remove = true;

  // Exactly one relocation per entry, on its symbol field.
  uint64_t NumEntries = S.sh_size / ModuleRelocEntrySize;
  std::vector<const Rela *> EntryReloc(NumEntries, nullptr);
  for (unsigned R = 1, E = V.numSections(); R != E; ++R) {
    if (!V.isRelocSection(R) || V.Sections[R].sh_info != TableSec)
      continue;
    if (V.Sections[R].sh_type != SHT_RELA)
      return V.error(V.describeSection(R) +
                     ": KLP_SYMPOS tables need RELA relocations");
    P.Sections[R].Remove = true;
    for (const Rela &X : relas(R)) {
      uint64_t Off = X.r_offset;
      uint64_t Entry = Off / ModuleRelocEntrySize;
      if (Off % ModuleRelocEntrySize || Entry >= NumEntries)
        return V.error(formatv("{0}: relocation at offset {1:x} is not on "
                               "the symbol field of an entry",
                               SecName, Off)
                           .str());
      if (EntryReloc[Entry])
        return V.error(
            formatv("{0}: entry {1} has two relocations", SecName, Entry)
                .str());
      EntryReloc[Entry] = &X;
    }
  }
  for (uint64_t Entry = 0; Entry != NumEntries; ++Entry) {
    if (!EntryReloc[Entry])
      return V.error(formatv("{0}: entry {1} has no relocation for its "
                             "symbol field; the table was not written by "
                             "KLP_MODULE_RELOC/KLP_SYMPOS",
                             SecName, Entry)
                         .str());
    if (Error E = addModuleRelocEntry(TableSec, Entry, *EntryReloc[Entry]))
      return E;
  }
  return Error::success();
}

template <class ELFT> Error Converter<ELFT>::collectModuleRelocTables() {
  for (unsigned I = 1, E = V.numSections(); I != E; ++I)
    if (V.SectionNames[I].starts_with(ModuleRelocsPrefix))
      if (Error Err = collectModuleRelocTable(I))
        return Err;
  return Error::success();
}

// An annotation wins over what the converter would otherwise read from the
// symbol, but a mark that disagrees is a contradiction, not a choice.
template <class ELFT>
Error Converter<ELFT>::addAnnotatedSymbol(unsigned SymIdx,
                                          const ModuleReloc &A) {
  auto Mark = Marks.find(V.SymbolNames[SymIdx]);
  if (Mark != Marks.end() && Mark->second.Target != A.Target)
    return V.error(formatv(
        "{0} makes {1} '{2}', but its mark '{3}' names '{4}'; one undefined "
        "symbol can only mean one kernel symbol (fix the annotation, or "
        "drop it and let the compiler's choice stand)",
        A.Origin, V.describeSymbol(SymIdx), formatKlpSymbolName(A.Target),
        formatMarkRecord(Mark->second),
        formatKlpSymbolName(Mark->second.Target)));
  ++Stats.ModuleRelocSymbols;
  return addLivepatchSymbol(SymIdx, A.Target, A.RelaObject);
}

#define KLP_INSTANTIATE(ELFT)                                                  \
  template Error Converter<ELFT>::collectModuleRelocTables();                  \
  template Error Converter<ELFT>::collectModuleRelocTable(unsigned);           \
  template Error Converter<ELFT>::addModuleRelocEntry(                         \
      unsigned, uint64_t, const Converter<ELFT>::Rela &);                      \
  template Error Converter<ELFT>::addAnnotatedSymbol(                          \
      unsigned, const Converter<ELFT>::ModuleReloc &);
KLP_INSTANTIATE(ELF64LE)
KLP_INSTANTIATE(ELF64BE)
#undef KLP_INSTANTIATE

} // namespace klp
