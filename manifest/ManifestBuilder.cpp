//===- manifest/ManifestBuilder.cpp - Collect and write a manifest --------===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "manifest/ManifestBuilder.h"
#include "manifest/ManifestFormat.h"

#include "format/KlpFormat.h"
#include "support/OutputFile.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/CRC.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/MathExtras.h"

#include <algorithm>
#include <cstring>
#include <tuple>

using namespace llvm;
namespace mf = klp::manifest_format;

namespace klp {

Error ManifestBuilder::addObject(ObjectSymbols Obj) {
  auto [It, Inserted] = ObjectIndex.try_emplace(Obj.Object, Objects.size());
  if (Inserted) {
    Objects.push_back(std::move(Obj));
    return Error::success();
  }
  ObjectSymbols &Old = Objects[It->second];
  if (Old.FromElf == Obj.FromElf)
    return createStringError("object '" + Obj.Object + "' is given twice, by " +
                             Old.Source + " and by " + Obj.Source +
                             "; pass each object once");
  // An ELF file is the object itself; a kallsyms dump only shows it. The ELF
  // reading also knows source files and both module symbol counts.
  if (Obj.FromElf) {
    Notes.push_back("object '" + Obj.Object + "': using " + Obj.Source +
                    " instead of " + Old.Source);
    Old = std::move(Obj);
  } else {
    Notes.push_back("object '" + Obj.Object + "': using " + Old.Source +
                    " instead of " + Obj.Source);
  }
  return Error::success();
}

namespace {
/// One symbol record before layout.
struct Record {
  StringRef Name;
  uint32_t Hash;
  uint32_t Object; // final object index
  StringRef File;
  uint32_t Position;
  uint32_t Count;
  char Type;
  uint8_t Flags;
};

/// Appends strings to the table once each.
class StringTable {
public:
  uint32_t add(StringRef S) {
    auto [It, Inserted] = Offsets.try_emplace(S, Data.size());
    if (Inserted)
      Data.append(S.begin(), S.end());
    return It->second;
  }
  uint32_t addUnique(StringRef S) {
    uint32_t Off = Data.size();
    Data.append(S.begin(), S.end());
    return Off;
  }
  std::string Data;

private:
  StringMap<uint32_t> Offsets;
};
} // namespace

// The global (exported) one among same-named symbols of an object: exports
// are global, and kallsyms marks globals with upper-case letters ('u' is
// nm's unique global).
static bool isGlobalType(char T) { return (T >= 'A' && T <= 'Z') || T == 'u'; }

Expected<std::vector<uint8_t>> ManifestBuilder::serialize() const {
  // Objects: vmlinux first, then modules by name, as lookup() promises.
  std::vector<std::string> ObjectNames;
  for (const ObjectSymbols &O : Objects)
    ObjectNames.push_back(O.Object);
  for (const InputExport &E : Exports)
    ObjectNames.push_back(E.Object.str());
  auto ObjectLess = [](StringRef A, StringRef B) {
    bool AV = A == VmlinuxObject, BV = B == VmlinuxObject;
    if (AV != BV)
      return AV;
    return A < B;
  };
  llvm::sort(ObjectNames, ObjectLess);
  ObjectNames.erase(std::unique(ObjectNames.begin(), ObjectNames.end()),
                    ObjectNames.end());
  StringMap<uint32_t> FinalObject;
  for (size_t I = 0; I < ObjectNames.size(); ++I)
    FinalObject[ObjectNames[I]] = I;

  // Number same-named symbols in each object in the order given.
  std::vector<Record> Records;
  size_t Total = 0;
  for (const ObjectSymbols &O : Objects)
    Total += O.Symbols.size();
  Records.reserve(Total + Exports.size());
  for (const ObjectSymbols &O : Objects) {
    uint32_t ObjIdx = FinalObject[O.Object];
    StringMap<uint32_t> Seen;
    size_t First = Records.size();
    for (const InputSymbol &S : O.Symbols) {
      uint32_t Pos = ++Seen[S.Name];
      Records.push_back(
          {S.Name, 0, ObjIdx, S.File, Pos, 0, S.Type,
           uint8_t(S.LoadOrderDependent ? mf::FlagLoadOrderDependent : 0)});
    }
    for (size_t I = First; I < Records.size(); ++I)
      Records[I].Count = Seen[Records[I].Name];
  }

  // Exports: sorted by (object, name); set the flags on the matching global
  // symbols, or add an entry kallsyms did not show.
  auto ByObjectName = [](const Record &A, const Record &B) {
    return std::tie(A.Object, A.Name, A.Position) <
           std::tie(B.Object, B.Name, B.Position);
  };
  llvm::sort(Records, ByObjectName);
  std::vector<InputExport> SortedExports = Exports;
  llvm::sort(SortedExports, [&](const InputExport &A, const InputExport &B) {
    return std::make_tuple(FinalObject[A.Object], A.Name, !A.Gpl) <
           std::make_tuple(FinalObject[B.Object], B.Name, !B.Gpl);
  });
  size_t Existing = Records.size();
  for (size_t I = 0; I < SortedExports.size(); ++I) {
    const InputExport &E = SortedExports[I];
    if (I > 0 && SortedExports[I - 1].Object == E.Object &&
        SortedExports[I - 1].Name == E.Name)
      continue; // GPL sorts first, so the first line decides.
    uint8_t Flags = mf::FlagExported | (E.Gpl ? mf::FlagExportedGpl : 0);
    Record Key{E.Name, 0, FinalObject[E.Object], StringRef(), 0, 0, '?', 0};
    auto Begin = std::lower_bound(Records.begin(), Records.begin() + Existing,
                                  Key, ByObjectName);
    auto End = Begin;
    while (End != Records.begin() + Existing && End->Object == Key.Object &&
           End->Name == Key.Name)
      ++End;
    if (Begin == End) {
      Key.Flags = Flags;
      Records.push_back(Key);
      continue;
    }
    bool AnyGlobal = std::any_of(
        Begin, End, [](const Record &R) { return isGlobalType(R.Type); });
    for (auto It = Begin; It != End; ++It)
      if (!AnyGlobal || isGlobalType(It->Type))
        It->Flags |= Flags;
  }

  // Layout: names grouped by hash bucket, each name's symbols by (object,
  // position).
  for (Record &R : Records)
    R.Hash = mf::hashName(R.Name);
  // Count distinct names to size the bucket array (load factor <= 1).
  uint64_t NumBuckets;
  {
    llvm::sort(Records, [](const Record &A, const Record &B) {
      return std::tie(A.Name, A.Object, A.Position) <
             std::tie(B.Name, B.Object, B.Position);
    });
    uint64_t Names = 0;
    for (size_t I = 0; I < Records.size(); ++I)
      if (I == 0 || Records[I].Name != Records[I - 1].Name)
        ++Names;
    NumBuckets = llvm::PowerOf2Ceil(std::max<uint64_t>(1, Names));
  }
  uint32_t Mask = NumBuckets - 1;
  std::stable_sort(Records.begin(), Records.end(),
                   [Mask](const Record &A, const Record &B) {
                     return (A.Hash & Mask) < (B.Hash & Mask);
                   });

  StringTable Strings;
  std::vector<uint32_t> ObjectRefs; // offset, length pairs
  for (const std::string &O : ObjectNames) {
    ObjectRefs.push_back(Strings.add(O));
    ObjectRefs.push_back(O.size());
  }
  std::vector<uint32_t> FileRefs;
  StringMap<uint32_t> FileIndex;
  std::vector<uint32_t> NameWords; // 5 per name record
  std::vector<uint32_t> Buckets(NumBuckets + 1, 0);
  std::vector<uint8_t> SymbolBytes(Records.size() * mf::SymbolRecordSize);
  for (size_t I = 0; I < Records.size(); ++I) {
    const Record &R = Records[I];
    if (I == 0 || R.Name != Records[I - 1].Name) {
      NameWords.insert(NameWords.end(),
                       {R.Hash, Strings.addUnique(R.Name),
                        uint32_t(R.Name.size()), uint32_t(I), 0});
      ++Buckets[(R.Hash & Mask) + 1];
    }
    ++NameWords.back();
    uint32_t File = mf::NoFile;
    if (!R.File.empty()) {
      auto [It, Inserted] = FileIndex.try_emplace(R.File, FileRefs.size() / 2);
      if (Inserted) {
        FileRefs.push_back(Strings.add(R.File));
        FileRefs.push_back(R.File.size());
      }
      File = It->second;
    }
    uint8_t *P = &SymbolBytes[I * mf::SymbolRecordSize];
    support::endian::write32le(P + mf::SObject, R.Object);
    support::endian::write32le(P + mf::SFile, File);
    support::endian::write32le(P + mf::SPosition, R.Position);
    support::endian::write32le(P + mf::SCount, R.Count);
    P[mf::SType] = uint8_t(R.Type);
    P[mf::SFlags] = R.Flags;
  }
  for (size_t B = 1; B <= NumBuckets; ++B)
    Buckets[B] += Buckets[B - 1];

  uint64_t NumNames = NameWords.size() / 5;
  std::string IdentityBlock = Identity.serialize();
  uint64_t IdentityOff = mf::HeaderSize;
  uint64_t ObjOff = IdentityOff + IdentityBlock.size();
  uint64_t FileOff = ObjOff + uint64_t(ObjectRefs.size()) * 4;
  uint64_t NameOff = FileOff + uint64_t(FileRefs.size()) * 4;
  uint64_t SymOff = NameOff + NumNames * mf::NameRecordSize;
  uint64_t BucketOff = SymOff + SymbolBytes.size();
  uint64_t CheckOff = BucketOff + uint64_t(Buckets.size()) * 4;
  uint64_t StrOff = CheckOff + uint64_t(NumBuckets) * 4;
  uint64_t Size = StrOff + Strings.Data.size();
  if (Size > UINT32_MAX)
    return createStringError("the manifest would be " + Twine(Size) +
                             " bytes; the format's offsets are 32-bit (4 GiB)");

  std::vector<uint8_t> Out(Size, 0);
  auto W32 = [&](uint64_t Off, uint32_t V) {
    support::endian::write32le(&Out[Off], V);
  };
  std::memcpy(Out.data(), mf::Magic, sizeof(mf::Magic));
  W32(mf::HVersion, mf::Version);
  W32(mf::HHeaderSize, mf::HeaderSize);
  support::endian::write64le(&Out[mf::HFileSize], Size);
  W32(mf::HObjectCount, ObjectRefs.size() / 2);
  W32(mf::HObjectOffset, ObjOff);
  W32(mf::HFileCount, FileRefs.size() / 2);
  W32(mf::HFileOffset, FileOff);
  W32(mf::HNameCount, NumNames);
  W32(mf::HNameOffset, NameOff);
  W32(mf::HSymbolCount, Records.size());
  W32(mf::HSymbolOffset, SymOff);
  W32(mf::HBucketCount, NumBuckets);
  W32(mf::HBucketOffset, BucketOff);
  W32(mf::HStringSize, Strings.Data.size());
  W32(mf::HStringOffset, StrOff);
  W32(mf::HIdentitySize, IdentityBlock.size());
  W32(mf::HIdentityOffset, IdentityOff);
  W32(mf::HBucketCheckOffset, CheckOff);
  if (!IdentityBlock.empty())
    std::memcpy(&Out[IdentityOff], IdentityBlock.data(), IdentityBlock.size());
  for (size_t I = 0; I < ObjectRefs.size(); ++I)
    W32(ObjOff + I * 4, ObjectRefs[I]);
  for (size_t I = 0; I < FileRefs.size(); ++I)
    W32(FileOff + I * 4, FileRefs[I]);
  for (size_t I = 0; I < NameWords.size(); ++I)
    W32(NameOff + I * 4, NameWords[I]);
  if (!SymbolBytes.empty())
    std::memcpy(&Out[SymOff], SymbolBytes.data(), SymbolBytes.size());
  for (size_t I = 0; I < Buckets.size(); ++I)
    W32(BucketOff + I * 4, Buckets[I]);
  if (!Strings.Data.empty())
    std::memcpy(&Out[StrOff], Strings.Data.data(), Strings.Data.size());
  mf::sealManifest(Out);
  return Out;
}

Error ManifestBuilder::write(StringRef Path) const {
  Expected<std::vector<uint8_t>> Bytes = serialize();
  if (!Bytes)
    return Bytes.takeError();
  // Atomic, and never mapped: a full disk is an error naming the file, not
  // a SIGBUS, and leaves no partial manifest (support/OutputFile.h).
  return writeOutputFile(Path, [&](raw_ostream &OS) {
    OS.write(reinterpret_cast<const char *>(Bytes->data()), Bytes->size());
    return Error::success();
  });
}

} // namespace klp
