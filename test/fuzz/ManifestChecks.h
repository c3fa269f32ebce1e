//===- test/fuzz/ManifestChecks.h - What a built manifest holds -*- C++ -*-===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef KLP_TEST_FUZZ_MANIFESTCHECKS_H
#define KLP_TEST_FUZZ_MANIFESTCHECKS_H

#include "FuzzCommon.h"

#include "manifest/Manifest.h"
#include "manifest/ManifestBuilder.h"

#include "llvm/ADT/STLExtras.h"

#include <map>
#include <tuple>
#include <vector>

namespace klp {
namespace fuzz {

/// What the builder writes from inputs a reader accepted: a manifest that
/// opens and verifies, whose lookup() finds every symbol it lists, and in
/// which the same-named symbols of an object are numbered 1..Count (an
/// export kallsyms did not list stands alone at position 0).
/// \p FromKallsyms: every symbol came from kallsyms (none at position 0).
inline void checkBuiltManifest(const ManifestBuilder &Builder,
                               bool FromKallsyms) {
  using namespace llvm;
  std::vector<uint8_t> Bytes =
      mustSucceed(Builder.serialize(), "serializing accepted input");
  std::unique_ptr<Manifest> M = mustSucceed(
      Manifest::open(MemoryBuffer::getMemBuffer(
          StringRef(reinterpret_cast<const char *>(Bytes.data()), Bytes.size()),
          "built.klpm", /*RequiresNullTerminator=*/false)),
      "opening the manifest the builder wrote");
  mustSucceed(M->verify(), "verifying the manifest the builder wrote");

  std::vector<ManifestSymbol> All = M->symbols();
  if (All.size() != M->symbolCount())
    fail("built manifest: symbols() and symbolCount() disagree");
  // (object, name) -> positions, in symbols() order (by position).
  std::map<std::pair<StringRef, StringRef>, std::vector<const ManifestSymbol *>>
      Groups;
  for (const ManifestSymbol &S : All) {
    Groups[{S.Object, S.Name}].push_back(&S);
    SmallVector<ManifestSymbol, 4> Found =
        mustSucceed(M->lookup(S.Name), "looking up '" + S.Name + "'");
    if (!any_of(Found, [&](const ManifestSymbol &F) {
          return F.Object == S.Object && F.Position == S.Position;
        }))
      fail("built manifest: lookup('" + S.Name + "') misses " + S.Object +
           " position " + Twine(S.Position));
    if (S.ExportedGpl && !S.Exported)
      fail("built manifest: '" + S.Name + "' is a GPL export but no export");
  }
  for (auto &[Key, Syms] : Groups) {
    if (Syms.size() == 1 && Syms[0]->Position == 0 && !FromKallsyms) {
      if (!Syms[0]->Exported || Syms[0]->Count != 0)
        fail("built manifest: '" + Key.second + "' in " + Key.first +
             " at position 0 is not a lone export");
      continue;
    }
    for (size_t I = 0; I < Syms.size(); ++I)
      if (Syms[I]->Position != I + 1 || Syms[I]->Count != Syms.size())
        fail("built manifest: '" + Key.second + "' in " + Key.first +
             ": symbol " + Twine(I + 1) + " of " + Twine(Syms.size()) +
             " has position " + Twine(Syms[I]->Position) + " and count " +
             Twine(Syms[I]->Count));
  }
}

} // namespace fuzz
} // namespace klp

#endif // KLP_TEST_FUZZ_MANIFESTCHECKS_H
