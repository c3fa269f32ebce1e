//===- manifest/ShippedSymbols.cpp - A shipped object's symbols by address ===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "manifest/ShippedSymbols.h"

#include "manifest/KallsymsOrder.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/BinaryFormat/ELF.h"

#include <algorithm>
#include <limits>
#include <tuple>

using namespace llvm;

namespace klp {

ShippedSymbols::ShippedSymbols(const ElfModule &Elf)
    : Relocatable(Elf.fileType() == ELF::ET_REL) {
  size_t N = Elf.symbols().size();
  Position.assign(N, 0);
  // Symbols kallsyms does not list rank after every one it does.
  Rank.assign(N, std::numeric_limits<uint32_t>::max());
  uint32_t Next = 0;
  auto Keep = [&](const ElfModuleSymbol &S) {
    Position[S.Index] = ++Count[S.Name];
    Rank[S.Index] = Next++;
  };
  if (Relocatable) {
    ModuleKallsyms Module(Elf);
    for (const ElfModuleSymbol &S : Elf.symbols())
      if (Module.isCore(S))
        Keep(S);
  } else {
    for (const KallsymsEntry &E : vmlinuxKallsyms(Elf, /*KallsymsAll=*/true))
      Keep(*E.Sym);
  }

  for (const ElfModuleSymbol &S : Elf.symbols()) {
    if (S.Index == 0 || S.Name.empty() || S.isUndefined() ||
        S.Type == ELF::STT_SECTION || S.Type == ELF::STT_FILE)
      continue;
    if (Relocatable && S.Reserved)
      continue; // SHN_ABS, SHN_COMMON: nothing DWARF points at
    ByAddress.push_back({Relocatable ? S.Shndx : 0, S.Value, &S});
  }
  llvm::sort(ByAddress, [&](const Entry &A, const Entry &B) {
    return std::make_tuple(A.Section, A.Address, Rank[A.Sym->Index],
                           A.Sym->Index) < std::make_tuple(B.Section, B.Address,
                                                           Rank[B.Sym->Index],
                                                           B.Sym->Index);
  });
}

ShippedSymbol ShippedSymbols::describe(const ElfModuleSymbol &S) const {
  ShippedSymbol Out;
  Out.Name = S.Name.str();
  Out.Address = S.Value;
  Out.Position = Position[S.Index];
  Out.Count = Count.lookup(S.Name);
  return Out;
}

std::optional<ShippedSymbol>
ShippedSymbols::at(uint64_t Section, uint64_t Address, StringRef CName,
                   bool OrAnyOfType, uint8_t ElfType) const {
  if (!Relocatable)
    Section = 0;
  auto First = llvm::partition_point(ByAddress, [&](const Entry &E) {
    return std::make_pair(E.Section, E.Address) <
           std::make_pair(Section, Address);
  });
  auto Last = std::find_if(First, ByAddress.end(), [&](const Entry &E) {
    return E.Section != Section || E.Address != Address;
  });
  if (First == Last)
    return std::nullopt;
  ArrayRef<Entry> Here(&*First, Last - First);
  for (const Entry &E : Here)
    if (E.Sym->Name == CName)
      return describe(*E.Sym);
  for (const Entry &E : Here)
    if (E.Sym->Name.starts_with(CName) &&
        E.Sym->Name.drop_front(CName.size()).starts_with("."))
      return describe(*E.Sym);
  if (OrAnyOfType)
    for (const Entry &E : Here)
      if (E.Sym->Type == ElfType)
        return describe(*E.Sym);
  return std::nullopt;
}

} // namespace klp
