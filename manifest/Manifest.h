//===- manifest/Manifest.h - Read a kallsyms manifest -----------*- C++ -*-===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// A manifest records what the target kernel's kallsyms holds, per object
// (vmlinux and each module), with the position livepatch gives each
// same-named symbol and who exports what. The pass opens one per compile, so
// opening is an mmap and a header check, and a lookup probes one hash bucket
// (docs/manifest-format.md).
//
//===----------------------------------------------------------------------===//

#ifndef KLP_MANIFEST_MANIFEST_H
#define KLP_MANIFEST_MANIFEST_H

#include "manifest/KernelIdentity.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/MemoryBuffer.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace klp {

namespace manifest_format {
void sealManifest(llvm::MutableArrayRef<uint8_t> Image);
} // namespace manifest_format

/// One kallsyms entry, or one export that kallsyms did not show.
/// The StringRefs point into the mapped manifest.
struct ManifestSymbol {
  llvm::StringRef Object; ///< "vmlinux" or a module name ('-' as '_').
  llvm::StringRef Name;
  llvm::StringRef File; ///< Source file of a local symbol, "" if unknown.
  /// 1-based position among the symbols of this name in Object, counted as
  /// the kernel counts them; 0 when unknown (an export kallsyms did not list).
  uint32_t Position = 0;
  /// How many symbols of this name Object has.
  uint32_t Count = 0;
  char Type = '?';          ///< kallsyms type letter ('T', 't', 'D', 'b', ...).
  bool Exported = false;    ///< Module.symvers lists it, exported by Object.
  bool ExportedGpl = false; ///< ... with EXPORT_SYMBOL_GPL.
  /// A module symbol whose position counts differently while the module is
  /// loading (full symtab) and after its init (core symbols only).
  bool LoadOrderDependent = false;

  /// The sympos to write in .klp.sym: 0 for a unique name.
  uint64_t sympos() const { return Count <= 1 ? 0 : Position; }
};

class Manifest {
public:
  /// Maps \p Path and checks its header; errors name the file.
  static llvm::Expected<std::unique_ptr<Manifest>> open(llvm::StringRef Path);

  /// The same for a manifest already in memory; errors name the buffer's
  /// identifier.
  static llvm::Expected<std::unique_ptr<Manifest>>
  open(std::unique_ptr<llvm::MemoryBuffer> Buffer);

  /// Every symbol named \p Name, vmlinux first, then modules by name, each
  /// object's in position order. Everything the answer depends on (the
  /// hash bucket, its names, their symbols and the strings they name) is
  /// checked against the bucket's checksum first: a damaged manifest is an
  /// error ("rebuild it"), never a different answer.
  llvm::Expected<llvm::SmallVector<ManifestSymbol, 4>>
  lookup(llvm::StringRef Name) const;

  /// Which kernel build the manifest describes, as far as its inputs said.
  const KernelIdentity &identity() const { return Identity; }

  size_t symbolCount() const;
  llvm::StringRef path() const { return Path; }

  /// The objects the manifest describes, vmlinux first, then modules by name.
  llvm::SmallVector<llvm::StringRef, 0> objects() const;

  /// Every symbol, ordered by object (as objects()), name, position.
  std::vector<ManifestSymbol> symbols() const;

  /// Checks the whole file (checksum, every record and index entry): what
  /// `klp-manifest verify` runs. open() checks the header, the identity and
  /// the object table against the header checksum, and the table bounds;
  /// lookup() checks the bucket it reads.
  llvm::Error verify() const;

  ~Manifest();

private:
  friend void manifest_format::sealManifest(llvm::MutableArrayRef<uint8_t>);
  Manifest() = default;
  std::unique_ptr<llvm::MemoryBuffer> Buffer;
  std::string Path;
  KernelIdentity Identity;
  struct View;
  std::unique_ptr<View> Data;
};

} // namespace klp

#endif // KLP_MANIFEST_MANIFEST_H
