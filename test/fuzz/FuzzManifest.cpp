//===- test/fuzz/FuzzManifest.cpp - Fuzz the manifest reader --------------===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The bytes as a manifest (.klpm), twice: as they are, and, when open()
// finds only the checksums wrong, sealed with fresh checksums, so that
// mutated tables reach lookup() as a crafted file would. Whatever open()
// accepts, looking up any name, listing the objects and symbols and
// verifying do not crash, and every symbol lookup() returns carries the name
// asked for. A manifest that verify() accepts is consistent: symbols()
// lists symbolCount() symbols, each in an object of objects(), and lookup()
// finds each of them. The identity block reads back as it was written.
//
//===----------------------------------------------------------------------===//

#include "FuzzCommon.h"

#include "manifest/Manifest.h"
#include "manifest/ManifestFormat.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"

#include <vector>

using namespace llvm;
using namespace klp;
using namespace klp::fuzz;

static bool sameSymbol(const ManifestSymbol &A, const ManifestSymbol &B) {
  return A.Object == B.Object && A.Name == B.Name && A.File == B.File &&
         A.Position == B.Position && A.Count == B.Count && A.Type == B.Type &&
         A.Exported == B.Exported && A.ExportedGpl == B.ExportedGpl &&
         A.LoadOrderDependent == B.LoadOrderDependent;
}

/// lookup(), whose answer, when there is one, holds only \p Name.
static SmallVector<ManifestSymbol, 4> lookup(const Manifest &M,
                                             StringRef Name) {
  Expected<SmallVector<ManifestSymbol, 4>> Found = M.lookup(Name);
  if (!Found) {
    checkMessage(Found.takeError(), "Manifest::lookup");
    return {};
  }
  for (const ManifestSymbol &S : *Found)
    if (S.Name != Name)
      fail("lookup('" + Name + "') returned a symbol named '" + S.Name + "'");
  return std::move(*Found);
}

static bool sameIdentity(const KernelIdentity &A, const KernelIdentity &B) {
  if (A.Release != B.Release || A.VmlinuxBuildId != B.VmlinuxBuildId ||
      A.Modules.size() != B.Modules.size())
    return false;
  for (const auto &[Name, M] : A.Modules) {
    auto It = B.Modules.find(Name);
    if (It == B.Modules.end() || It->second.BuildId != M.BuildId ||
        It->second.SrcVersion != M.SrcVersion)
      return false;
  }
  return true;
}

static void exercise(const Manifest &M, StringRef Input) {
  const KernelIdentity &Id = M.identity();
  (void)Id.describe();
  KernelIdentity Back = mustSucceed(KernelIdentity::parse(Id.serialize()),
                                    "reparsing the identity block");
  if (!sameIdentity(Id, Back))
    fail("the identity block reads back differently");

  // Any name: fixed ones, and words of the input itself (the string table
  // is made of names).
  for (StringRef Name : {"", "vmlinux", "foo", "cmp", "__this_module"})
    lookup(M, Name);
  SmallVector<StringRef, 16> Words;
  SplitString(Input, Words, StringRef("\0\t\n ", 4));
  for (StringRef W : ArrayRef(Words).take_front(64))
    for (size_t Len : {size_t(1), size_t(4), size_t(16), W.size()})
      lookup(M, W.take_front(Len));

  SmallVector<StringRef, 0> Objects = M.objects();
  std::vector<ManifestSymbol> All = M.symbols();
  for (const ManifestSymbol &S : ArrayRef(All).take_front(512))
    lookup(M, S.Name);

  if (Error E = M.verify()) {
    checkMessage(std::move(E), "Manifest::verify");
    return;
  }
  // A verified manifest is consistent.
  if (All.size() != M.symbolCount())
    fail("verified manifest: symbols() lists " + Twine(All.size()) +
         " symbols, symbolCount() says " + Twine(M.symbolCount()));
  StringSet<> ObjectSet;
  for (StringRef O : Objects)
    ObjectSet.insert(O);
  for (const ManifestSymbol &S : All) {
    if (!ObjectSet.contains(S.Object))
      fail("verified manifest: symbol '" + S.Name + "' of object '" + S.Object +
           "' that objects() does not list");
    Expected<SmallVector<ManifestSymbol, 4>> Found = M.lookup(S.Name);
    if (!Found)
      fail("verified manifest: lookup('" + S.Name +
           "') fails: " + toString(Found.takeError()));
    if (!any_of(*Found,
                [&](const ManifestSymbol &F) { return sameSymbol(F, S); }))
      fail("verified manifest: lookup('" + S.Name +
           "') misses a symbol that symbols() lists");
  }
}

/// Opens \p Bytes without copying them, so that ASan catches any read past
/// their end.
static Expected<std::unique_ptr<Manifest>> open(StringRef Bytes) {
  return Manifest::open(MemoryBuffer::getMemBuffer(
      Bytes, "fuzz.klpm", /*RequiresNullTerminator=*/false));
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  StringRef Input = asText(Data, Size);
  Expected<std::unique_ptr<Manifest>> M = open(Input);
  if (M) {
    exercise(**M, Input);
    return 0;
  }
  std::string Why = toString(M.takeError());
  if (Why.empty())
    fail("Manifest::open failed with an empty message");
  // open() checks the layout before the checksums: this layout is sound,
  // so the writer's sealing may run on it.
  if (!StringRef(Why).contains("does not match its checksum"))
    return 0;
  std::vector<uint8_t> Sealed(Data, Data + Size);
  manifest_format::sealManifest(Sealed);
  StringRef SealedBytes = toStringRef(ArrayRef<uint8_t>(Sealed));
  if (Expected<std::unique_ptr<Manifest>> S = open(SealedBytes))
    exercise(**S, SealedBytes);
  else
    checkMessage(S.takeError(), "Manifest::open of the sealed bytes");
  return 0;
}
