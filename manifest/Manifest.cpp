//===- manifest/Manifest.cpp - Read a kallsyms manifest -------------------===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// open() validates the header and that every table lies inside the file,
// and checks the header checksum (header, identity, object table); lookup()
// then only reads records by index below the table's count, bounds-checks
// every index and string reference it follows, and compares what it read
// with the bucket's checksum, so a damaged manifest is an error, never a
// read outside the mapping and never a different answer.
//
//===----------------------------------------------------------------------===//

#include "manifest/Manifest.h"
#include "manifest/ManifestFormat.h"

#include "format/KlpFormat.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/CRC.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/FormatVariadic.h"

#include <algorithm>
#include <cstring>
#include <optional>
#include <tuple>

using namespace llvm;
namespace mf = klp::manifest_format;

namespace klp {

// zlib's crc32(), which llvm::crc32 may call, restarts at 0 when given a
// null buffer (an empty StringRef): skip empty pieces.
static uint32_t crc32Append(uint32_t Crc, StringRef Piece) {
  return Piece.empty() ? Crc : llvm::crc32(Crc, arrayRefFromStringRef(Piece));
}

/// The header, decoded once; every table is known to lie inside Bytes.
struct Manifest::View {
  StringRef Bytes;
  uint32_t NumObjects, ObjectOff;
  uint32_t NumFiles, FileOff;
  uint32_t NumNames, NameOff;
  uint32_t NumSymbols, SymbolOff;
  uint32_t NumBuckets, BucketOff;
  uint32_t StringSize, StringOff;
  uint32_t IdentitySize, IdentityOff;
  uint32_t BucketCheckOff;

  uint32_t read32(uint64_t Off) const {
    return support::endian::read32le(Bytes.data() + Off);
  }

  /// A string of the string table, or nothing if it reaches outside it.
  std::optional<StringRef> string(uint32_t Off, uint32_t Len) const {
    if (uint64_t(Off) + Len > StringSize)
      return std::nullopt;
    return Bytes.substr(uint64_t(StringOff) + Off, Len);
  }
  std::optional<StringRef> stringRef(uint32_t TableOff, uint32_t Index) const {
    uint64_t At = uint64_t(TableOff) + uint64_t(Index) * mf::StringRefSize;
    return string(read32(At), read32(At + 4));
  }
  std::optional<StringRef> object(uint32_t I) const {
    if (I >= NumObjects)
      return std::nullopt;
    return stringRef(ObjectOff, I);
  }
  std::optional<StringRef> file(uint32_t I) const {
    if (I == mf::NoFile)
      return StringRef();
    if (I >= NumFiles)
      return std::nullopt;
    return stringRef(FileOff, I);
  }

  uint64_t nameRecord(uint32_t I) const {
    return uint64_t(NameOff) + uint64_t(I) * mf::NameRecordSize;
  }
  std::optional<StringRef> name(uint32_t I) const {
    uint64_t R = nameRecord(I);
    return string(read32(R + mf::NNameOffset), read32(R + mf::NNameLength));
  }

  /// Symbol record \p I, named \p Name; nothing if it refers outside.
  std::optional<ManifestSymbol> symbol(uint32_t I, StringRef Name) const {
    const char *P =
        Bytes.data() + SymbolOff + uint64_t(I) * mf::SymbolRecordSize;
    std::optional<StringRef> Obj =
        object(support::endian::read32le(P + mf::SObject));
    std::optional<StringRef> File =
        file(support::endian::read32le(P + mf::SFile));
    if (!Obj || !File)
      return std::nullopt;
    ManifestSymbol S;
    S.Object = *Obj;
    S.Name = Name;
    S.File = *File;
    S.Position = support::endian::read32le(P + mf::SPosition);
    S.Count = support::endian::read32le(P + mf::SCount);
    S.Type = P[mf::SType];
    uint8_t Flags = P[mf::SFlags];
    S.Exported = Flags & mf::FlagExported;
    S.ExportedGpl = Flags & mf::FlagExportedGpl;
    S.LoadOrderDependent = Flags & mf::FlagLoadOrderDependent;
    return S;
  }

  StringRef identityBlock() const {
    return Bytes.substr(IdentityOff, IdentitySize);
  }
  uint32_t bucketBegin(uint32_t B) const {
    return read32(BucketOff + uint64_t(B) * 4);
  }
  uint32_t bucketEnd(uint32_t B) const {
    return read32(BucketOff + uint64_t(B) * 4 + 4);
  }
  uint32_t storedBucketCheck(uint32_t B) const {
    return read32(BucketCheckOff + uint64_t(B) * 4);
  }

  /// The check of everything a lookup in bucket \p B reads: CRC-32 of its
  /// bounds, its name records, each name and its symbol records, then of
  /// the FNV-1a digest of the object and file names those records refer to
  /// (docs/manifest-format.md). Nothing if a reference leaves its table.
  /// Contiguous tables go through crc32 in one piece; the many short names
  /// through FNV-1a inline, which still changes with any one changed byte.
  std::optional<uint32_t> bucketCheck(uint32_t B) const {
    uint32_t Begin = bucketBegin(B), End = bucketEnd(B);
    uint32_t Crc = crc32Append(0, Bytes.substr(BucketOff + uint64_t(B) * 4, 8));
    if (Begin > End || End > NumNames)
      return std::nullopt;
    Crc = crc32Append(Crc,
                      Bytes.substr(nameRecord(Begin),
                                   uint64_t(End - Begin) * mf::NameRecordSize));
    uint32_t Names = mf::FnvOffsetBasis;
    for (uint32_t I = Begin; I < End; ++I) {
      uint64_t R = nameRecord(I);
      std::optional<StringRef> N = name(I);
      uint64_t First = read32(R + mf::NFirstSymbol);
      uint64_t Count = read32(R + mf::NSymbolCount);
      if (!N || First + Count > NumSymbols)
        return std::nullopt;
      Crc = crc32Append(Crc, *N);
      uint64_t At = SymbolOff + First * mf::SymbolRecordSize;
      Crc = crc32Append(Crc, Bytes.substr(At, Count * mf::SymbolRecordSize));
      for (uint64_t S = 0; S < Count; ++S, At += mf::SymbolRecordSize) {
        std::optional<StringRef> Obj = object(read32(At + mf::SObject));
        std::optional<StringRef> File = file(read32(At + mf::SFile));
        if (!Obj || !File)
          return std::nullopt;
        Names = mf::fnv1a32(Names, *Obj);
        Names = mf::fnv1a32(Names, *File);
      }
    }
    uint8_t Digest[4];
    support::endian::write32le(Digest, Names);
    return crc32Append(Crc, StringRef(reinterpret_cast<char *>(Digest), 4));
  }

  /// CRC-32 of what open() relies on: the header (with this checksum's
  /// field as zero), the identity block, the object table and the part of
  /// the string table that holds the objects' names. Nothing if an object
  /// name leaves the string table.
  std::optional<uint32_t> headerCheck(uint32_t HeaderSize) const {
    // The header with the checksum's own field as zero.
    uint32_t Crc = crc32Append(0, Bytes.take_front(mf::HHeaderChecksum));
    Crc = crc32Append(Crc, StringRef("\0\0\0\0", 4));
    Crc = crc32Append(Crc, Bytes.slice(mf::HHeaderChecksum + 4, HeaderSize));
    Crc = crc32Append(Crc, identityBlock());
    Crc = crc32Append(
        Crc, Bytes.substr(ObjectOff, uint64_t(NumObjects) * mf::StringRefSize));
    uint64_t NamesEnd = 0;
    for (uint32_t I = 0; I < NumObjects; ++I) {
      uint64_t At = uint64_t(ObjectOff) + uint64_t(I) * mf::StringRefSize;
      uint64_t End = uint64_t(read32(At)) + read32(At + 4);
      if (End > StringSize)
        return std::nullopt;
      NamesEnd = std::max(NamesEnd, End);
    }
    return crc32Append(Crc, Bytes.substr(StringOff, NamesEnd));
  }

  /// The symbols of name record \p I, in record order.
  template <typename Fn> void forEachSymbolOf(uint32_t I, Fn Callback) const {
    uint64_t R = nameRecord(I);
    std::optional<StringRef> N = name(I);
    uint64_t First = read32(R + mf::NFirstSymbol);
    uint64_t Count = read32(R + mf::NSymbolCount);
    if (!N || First + Count > NumSymbols)
      return;
    for (uint64_t S = First; S < First + Count; ++S)
      if (std::optional<ManifestSymbol> Sym = symbol(S, *N))
        Callback(*Sym);
  }
};

static Error corrupt(StringRef Path, const Twine &Why) {
  return createStringError(Path + ": corrupt manifest: " + Why +
                           "; rebuild it with 'klp-manifest build'");
}

static Error damaged(StringRef Path, const Twine &What) {
  return createStringError(Path + ": manifest damaged: " + What +
                           " does not match its checksum; rebuild it with "
                           "'klp-manifest build' (no kernel symbol was "
                           "resolved from it)");
}

Expected<std::unique_ptr<Manifest>> Manifest::open(StringRef Path) {
  ErrorOr<std::unique_ptr<MemoryBuffer>> Buf = MemoryBuffer::getFile(
      Path, /*IsText=*/false, /*RequiresNullTerminator=*/false);
  if (!Buf)
    return createStringError(Buf.getError(), "cannot open manifest " + Path +
                                                 ": " +
                                                 Buf.getError().message());
  return open(std::move(*Buf));
}

Expected<std::unique_ptr<Manifest>>
Manifest::open(std::unique_ptr<MemoryBuffer> Buffer) {
  StringRef Path = Buffer->getBufferIdentifier();
  StringRef B = Buffer->getBuffer();
  if (B.size() < sizeof(mf::Magic) ||
      std::memcmp(B.data(), mf::Magic, sizeof(mf::Magic)) != 0)
    return createStringError(
        Path + ": not a klp-llvm manifest (bad magic); build one with "
               "'klp-manifest build'");
  if (B.size() < mf::HeaderSize)
    return corrupt(Path, formatv("truncated: {0} bytes, the header alone "
                                 "has {1}",
                                 B.size(), mf::HeaderSize));
  auto R32 = [&](uint32_t Off) {
    return support::endian::read32le(B.data() + Off);
  };
  if (R32(mf::HVersion) != mf::Version)
    return createStringError(
        formatv("{0}: manifest format version {1}; this klp-llvm reads "
                "version {2}: rebuild it with this klp-manifest",
                Path, R32(mf::HVersion), mf::Version));
  uint32_t HeaderSize = R32(mf::HHeaderSize);
  if (HeaderSize < mf::HeaderSize || HeaderSize > B.size())
    return corrupt(Path, formatv("header size {0}", HeaderSize));
  uint64_t FileSize = support::endian::read64le(B.data() + mf::HFileSize);
  if (FileSize != B.size())
    return corrupt(Path,
                   formatv("{0}: the header says {1} bytes, the file "
                           "has {2}",
                           FileSize > B.size() ? "truncated" : "trailing data",
                           FileSize, B.size()));

  auto V = std::make_unique<View>();
  V->Bytes = B;
  struct Table {
    const char *What;
    uint32_t CountField, OffsetField, RecordSize;
    uint32_t *Count, *Offset;
  } Tables[] = {
      {"identity block", mf::HIdentitySize, mf::HIdentityOffset, 1,
       &V->IdentitySize, &V->IdentityOff},
      {"object table", mf::HObjectCount, mf::HObjectOffset, mf::StringRefSize,
       &V->NumObjects, &V->ObjectOff},
      {"file table", mf::HFileCount, mf::HFileOffset, mf::StringRefSize,
       &V->NumFiles, &V->FileOff},
      {"name table", mf::HNameCount, mf::HNameOffset, mf::NameRecordSize,
       &V->NumNames, &V->NameOff},
      {"symbol table", mf::HSymbolCount, mf::HSymbolOffset,
       mf::SymbolRecordSize, &V->NumSymbols, &V->SymbolOff},
      {"hash buckets", mf::HBucketCount, mf::HBucketOffset, 4, &V->NumBuckets,
       &V->BucketOff},
      {"bucket checks", mf::HBucketCount, mf::HBucketCheckOffset, 4, nullptr,
       &V->BucketCheckOff},
      {"string table", mf::HStringSize, mf::HStringOffset, 1, &V->StringSize,
       &V->StringOff},
  };
  // The tables follow the header in this order, back to back, and the
  // string table ends the file: any other layout is a corrupt header.
  uint64_t NextOffset = HeaderSize;
  for (Table &T : Tables) {
    uint64_t Entries = R32(T.CountField);
    if (T.Count)
      *T.Count = Entries;
    *T.Offset = R32(T.OffsetField);
    if (T.OffsetField == mf::HBucketOffset)
      ++Entries; // BucketCount + 1 boundaries
    uint64_t End = *T.Offset + Entries * T.RecordSize;
    if (*T.Offset != NextOffset || End > B.size())
      return corrupt(Path, formatv("the {0} ({1} bytes at offset {2}) is not "
                                   "where the header and the previous table "
                                   "end ({3}) or lies outside the {4}-byte "
                                   "file",
                                   T.What, Entries * T.RecordSize, *T.Offset,
                                   NextOffset, B.size()));
    NextOffset = End;
  }
  if (NextOffset != B.size())
    return corrupt(Path, formatv("the tables end at {0}, the file at {1}",
                                 NextOffset, B.size()));
  if (R32(mf::HReserved) != 0)
    return corrupt(Path, "reserved header field is not zero");
  if (!isPowerOf2_32(V->NumBuckets))
    return corrupt(Path, formatv("hash bucket count {0} is not a power of two",
                                 V->NumBuckets));
  std::optional<uint32_t> HeaderCheck = V->headerCheck(HeaderSize);
  if (!HeaderCheck || *HeaderCheck != R32(mf::HHeaderChecksum))
    return damaged(Path, "its header, identity or object table");
  Expected<KernelIdentity> Id = KernelIdentity::parse(V->identityBlock());
  if (!Id)
    return corrupt(Path, toString(Id.takeError()));

  std::unique_ptr<Manifest> M(new Manifest());
  M->Identity = std::move(*Id);
  M->Path = Path.str();
  M->Buffer = std::move(Buffer);
  M->Data = std::move(V);
  return M;
}

Manifest::~Manifest() = default;

size_t Manifest::symbolCount() const { return Data->NumSymbols; }

Expected<SmallVector<ManifestSymbol, 4>>
Manifest::lookup(StringRef Name) const {
  const View &V = *Data;
  SmallVector<ManifestSymbol, 4> Result;
  uint32_t Hash = mf::hashName(Name);
  uint32_t Bucket = Hash & (V.NumBuckets - 1);
  std::optional<uint32_t> Check = V.bucketCheck(Bucket);
  if (!Check || *Check != V.storedBucketCheck(Bucket))
    return damaged(
        Path, formatv("hash bucket {0} (where '{1}' would be)", Bucket, Name));
  for (uint32_t I = V.bucketBegin(Bucket), E = V.bucketEnd(Bucket); I < E;
       ++I) {
    if (V.read32(V.nameRecord(I) + mf::NHash) != Hash)
      continue;
    std::optional<StringRef> N = V.name(I);
    if (!N || *N != Name)
      continue;
    V.forEachSymbolOf(I, [&](const ManifestSymbol &S) { Result.push_back(S); });
    break;
  }
  return Result;
}

SmallVector<StringRef, 0> Manifest::objects() const {
  SmallVector<StringRef, 0> Result;
  for (uint32_t I = 0; I < Data->NumObjects; ++I)
    if (std::optional<StringRef> O = Data->object(I))
      Result.push_back(*O);
  return Result;
}

std::vector<ManifestSymbol> Manifest::symbols() const {
  const View &V = *Data;
  // Object order is the object table's; sort by index, not by string.
  StringMap<uint32_t> ObjectOrder;
  for (uint32_t I = 0; I < V.NumObjects; ++I)
    if (std::optional<StringRef> O = V.object(I))
      ObjectOrder.try_emplace(*O, I);
  std::vector<std::pair<uint32_t, ManifestSymbol>> All;
  All.reserve(V.NumSymbols);
  for (uint32_t I = 0; I < V.NumNames; ++I)
    V.forEachSymbolOf(I, [&](const ManifestSymbol &S) {
      All.emplace_back(ObjectOrder.lookup(S.Object), S);
    });
  llvm::sort(All, [](const auto &A, const auto &B) {
    return std::make_tuple(A.first, A.second.Name, A.second.Position) <
           std::make_tuple(B.first, B.second.Name, B.second.Position);
  });
  std::vector<ManifestSymbol> Result;
  Result.reserve(All.size());
  for (auto &P : All)
    Result.push_back(P.second);
  return Result;
}

Error Manifest::verify() const {
  const View &V = *Data;
  StringRef B = V.Bytes;
  uint32_t Stored = V.read32(mf::HChecksum);
  uint32_t Actual = llvm::crc32(
      arrayRefFromStringRef(B.drop_front(V.read32(mf::HHeaderSize))));
  if (Stored != Actual)
    return corrupt(Path, formatv("checksum {0:x8} does not match the "
                                 "contents ({1:x8})",
                                 Stored, Actual));
  for (uint32_t I = 0; I < V.NumObjects; ++I)
    if (!V.object(I))
      return corrupt(Path, formatv("object {0} names bytes outside the "
                                   "string table",
                                   I));
  for (uint32_t I = 0; I < V.NumFiles; ++I)
    if (!V.file(I))
      return corrupt(Path, formatv("file {0} names bytes outside the string "
                                   "table",
                                   I));
  uint32_t Mask = V.NumBuckets - 1;
  uint64_t NextSymbol = 0;
  for (uint32_t Bucket = 0; Bucket < V.NumBuckets; ++Bucket) {
    std::optional<uint32_t> Check = V.bucketCheck(Bucket);
    if (!Check || *Check != V.storedBucketCheck(Bucket))
      return damaged(Path, formatv("hash bucket {0}", Bucket));
    uint32_t Begin = V.read32(V.BucketOff + uint64_t(Bucket) * 4);
    uint32_t End = V.read32(V.BucketOff + uint64_t(Bucket) * 4 + 4);
    if (Begin > End || End > V.NumNames || (Bucket == 0 && Begin != 0) ||
        (Bucket == Mask && End != V.NumNames))
      return corrupt(Path, formatv("hash bucket {0} is out of order", Bucket));
    for (uint32_t I = Begin; I < End; ++I) {
      uint64_t R = V.nameRecord(I);
      std::optional<StringRef> N = V.name(I);
      if (!N || N->empty())
        return corrupt(Path,
                       formatv("name {0} lies outside the string table", I));
      uint32_t Hash = V.read32(R + mf::NHash);
      if (Hash != mf::hashName(*N) || (Hash & Mask) != Bucket)
        return corrupt(Path, "wrong hash for '" + *N + "'");
      uint32_t First = V.read32(R + mf::NFirstSymbol);
      uint32_t Count = V.read32(R + mf::NSymbolCount);
      if (First != NextSymbol || Count == 0 ||
          uint64_t(First) + Count > V.NumSymbols)
        return corrupt(Path, "bad symbol range for '" + *N + "'");
      NextSymbol += Count;
      for (uint32_t S = First; S < First + Count; ++S) {
        const char *P =
            B.data() + V.SymbolOff + uint64_t(S) * mf::SymbolRecordSize;
        if (!V.symbol(S, *N) ||
            (uint8_t(P[mf::SFlags]) & ~mf::KnownFlags) != 0 ||
            uint8_t(P[mf::SType]) <= ' ' || uint8_t(P[mf::SType]) >= 0x7f)
          return corrupt(Path, formatv("symbol record {0} ('{1}') is "
                                       "malformed",
                                       S, *N));
      }
    }
  }
  if (NextSymbol != V.NumSymbols)
    return corrupt(Path, "symbols not owned by any name");
  return Error::success();
}

void manifest_format::sealManifest(MutableArrayRef<uint8_t> Image) {
  Manifest::View V;
  V.Bytes = toStringRef(Image);
  auto R32 = [&](uint32_t Off) { return V.read32(Off); };
  V.NumObjects = R32(mf::HObjectCount);
  V.ObjectOff = R32(mf::HObjectOffset);
  V.NumFiles = R32(mf::HFileCount);
  V.FileOff = R32(mf::HFileOffset);
  V.NumNames = R32(mf::HNameCount);
  V.NameOff = R32(mf::HNameOffset);
  V.NumSymbols = R32(mf::HSymbolCount);
  V.SymbolOff = R32(mf::HSymbolOffset);
  V.NumBuckets = R32(mf::HBucketCount);
  V.BucketOff = R32(mf::HBucketOffset);
  V.StringSize = R32(mf::HStringSize);
  V.StringOff = R32(mf::HStringOffset);
  V.IdentitySize = R32(mf::HIdentitySize);
  V.IdentityOff = R32(mf::HIdentityOffset);
  V.BucketCheckOff = R32(mf::HBucketCheckOffset);
  auto W32 = [&](uint64_t Off, uint32_t Value) {
    support::endian::write32le(Image.data() + Off, Value);
  };
  // The writer's own tables: every reference is in range.
  for (uint32_t B = 0; B < V.NumBuckets; ++B)
    W32(V.BucketCheckOff + uint64_t(B) * 4, *V.bucketCheck(B));
  W32(mf::HChecksum, llvm::crc32(Image.drop_front(mf::HeaderSize)));
  W32(mf::HHeaderChecksum, *V.headerCheck(mf::HeaderSize));
}

} // namespace klp
