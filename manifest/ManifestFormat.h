//===- manifest/ManifestFormat.h - On-disk layout of a manifest -*- C++ -*-===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The byte layout shared by the writer and the reader; docs/manifest-format.md
// is the prose version of this file. Everything is little-endian and read
// with explicit endian loads, so a manifest is portable and the reader never
// depends on the alignment of the mapping.
//
//===----------------------------------------------------------------------===//

#ifndef KLP_MANIFEST_MANIFESTFORMAT_H
#define KLP_MANIFEST_MANIFESTFORMAT_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>

namespace klp {
namespace manifest_format {

/// First eight bytes of every manifest.
constexpr char Magic[8] = {'\x7f', 'K', 'L', 'P', 'M', 'A', 'N', '\n'};
/// Bumped on any change a version-1 reader would misread.
constexpr uint32_t Version = 2;

enum HeaderField : uint32_t {
  HMagic = 0,         // char[8]
  HVersion = 8,       // u32
  HHeaderSize = 12,   // u32, HeaderSize
  HFileSize = 16,     // u64, size of the whole file
  HObjectCount = 24,  // u32
  HObjectOffset = 28, // u32, StringRef records
  HFileCount = 32,    // u32
  HFileOffset = 36,   // u32, StringRef records
  HNameCount = 40,    // u32
  HNameOffset = 44,   // u32, name records
  HSymbolCount = 48,  // u32
  HSymbolOffset = 52, // u32, symbol records
  HBucketCount = 56,  // u32, a power of two
  HBucketOffset = 60, // u32, BucketCount + 1 u32s
  HStringSize = 64,   // u32
  HStringOffset = 68, // u32
  HChecksum = 72,     // u32, CRC-32 of every byte after the header
  /// u32, CRC-32 of the header (this field as 0), the identity block, the
  /// object table and the objects' names: what open() relies on.
  HHeaderChecksum = 76,
  HIdentitySize = 80,      // u32
  HIdentityOffset = 84,    // u32, "key=value\0" entries, sorted
  HBucketCheckOffset = 88, // u32, BucketCount u32s
  HReserved = 92,          // u32, zero
};
constexpr uint32_t HeaderSize = 96;

constexpr uint32_t StringRefSize = 8;

/// Name record: {u32 hash, u32 name offset, u32 name length,
/// u32 first symbol, u32 symbol count}, sorted by (hash & (buckets-1), name).
constexpr uint32_t NameRecordSize = 20;
enum NameField : uint32_t {
  NHash = 0,
  NNameOffset = 4,
  NNameLength = 8,
  NFirstSymbol = 12,
  NSymbolCount = 16,
};

/// Symbol record: {u32 object, u32 file, u32 position, u32 count, u8 type,
/// u8 flags, u16 zero}. The name is the name record's that owns it.
constexpr uint32_t SymbolRecordSize = 20;
enum SymbolField : uint32_t {
  SObject = 0,
  SFile = 4,
  SPosition = 8,
  SCount = 12,
  SType = 16,
  SFlags = 17,
  SReserved = 18,
};
/// SFile value of a symbol whose source file is unknown.
constexpr uint32_t NoFile = 0xffffffff;

enum SymbolFlags : uint8_t {
  FlagExported = 1 << 0,
  FlagExportedGpl = 1 << 1,
  FlagLoadOrderDependent = 1 << 2,
  KnownFlags = FlagExported | FlagExportedGpl | FlagLoadOrderDependent,
};

/// 32-bit FNV-1a of the symbol name: simple enough to specify in the
/// format document and stable across hosts and LLVM versions.
/// 32-bit FNV-1a, continued from \p H: each byte is xor-ed in and the state
/// multiplied by an odd prime, a bijection, so changing any one byte of
/// inputs of equal length always changes the result.
constexpr uint32_t FnvOffsetBasis = 2166136261u;
inline uint32_t fnv1a32(uint32_t H, llvm::StringRef Bytes) {
  for (unsigned char C : Bytes) {
    H ^= C;
    H *= 16777619u;
  }
  return H;
}

inline uint32_t hashName(llvm::StringRef Name) {
  return fnv1a32(FnvOffsetBasis, Name);
}

/// Fills in the integrity fields of a serialized manifest whose tables are
/// written: every bucket check, the content checksum, the header checksum
/// (in that order). Manifest.cpp computes them with the reader's own code.
void sealManifest(llvm::MutableArrayRef<uint8_t> Image);

} // namespace manifest_format
} // namespace klp

#endif // KLP_MANIFEST_MANIFESTFORMAT_H
