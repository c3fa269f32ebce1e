//===- kernel/Sympos.cpp - How the kernel resolves a sympos ---------------===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "kernel/Sympos.h"

#include "llvm/ADT/STLExtras.h"

using namespace llvm;

namespace klp {

SymposLookup lookupSympos(ArrayRef<ManifestSymbol> Candidates, StringRef Object,
                          uint64_t SymPos) {
  SymposLookup L;
  for (const ManifestSymbol &S : Candidates)
    if (S.Object == Object) {
      L.InObject.push_back(&S);
      if (S.Position)
        L.Counted.push_back(&S);
    }
  llvm::sort(L.Counted, [](const ManifestSymbol *A, const ManifestSymbol *B) {
    return A->Position < B->Position;
  });

  if (L.Counted.empty()) {
    // Known from Module.symvers alone: one export per name and module, which
    // is unique once the module is in kallsyms.
    if (L.InObject.size() == 1 && SymPos <= 1) {
      L.Result = SymposLookup::Found;
      L.Symbol = L.InObject.front();
    }
    return L;
  }
  size_t Count = L.Counted.size();
  if (SymPos == 0) {
    if (Count > 1) {
      L.Result = SymposLookup::Ambiguous;
      return L;
    }
    L.Result = SymposLookup::Found;
    L.Symbol = L.Counted.front();
    return L;
  }
  // The N-th: positions are 1..Count as the kernel counts them.
  for (const ManifestSymbol *S : L.Counted)
    if (S->Position == SymPos || (Count == 1 && SymPos == 1)) {
      L.Result = SymposLookup::Found;
      L.Symbol = S;
      return L;
    }
  L.Result = SymposLookup::PastEnd;
  return L;
}

} // namespace klp
