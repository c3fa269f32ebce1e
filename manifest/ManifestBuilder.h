//===- manifest/ManifestBuilder.h - Collect and write a manifest -*- C++
//-*-===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The input readers (kallsyms dump, Module.symvers, vmlinux, .ko) hand the
// builder each object's symbols in the order the kernel counts them; the
// builder merges inputs, numbers same-named symbols and writes the file
// described in docs/manifest-format.md.
//
//===----------------------------------------------------------------------===//

#ifndef KLP_MANIFEST_MANIFESTBUILDER_H
#define KLP_MANIFEST_MANIFESTBUILDER_H

#include "manifest/KernelIdentity.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Allocator.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/StringSaver.h"

#include <memory>
#include <string>
#include <vector>

namespace klp {

/// One symbol kallsyms keeps, as an input reader saw it.
struct InputSymbol {
  llvm::StringRef Name;
  llvm::StringRef File; ///< "" when unknown.
  char Type = '?';
  /// Set by the .ko reader: this symbol's sympos resolves to another symbol
  /// (or fails) while the module is still loading.
  bool LoadOrderDependent = false;
};

/// All symbols of one object, in the order the kernel counts same-named
/// symbols: address order for vmlinux, symbol-table order for a module.
struct ObjectSymbols {
  std::string Object; ///< "vmlinux" or the normalised module name.
  std::string Source; ///< The input file, for messages.
  bool FromElf = false;
  std::vector<InputSymbol> Symbols;
};

/// One line of Module.symvers.
struct InputExport {
  llvm::StringRef Object;
  llvm::StringRef Name;
  bool Gpl = false;
};

class ManifestBuilder {
public:
  ManifestBuilder() : Saver(Alloc) {}

  /// Adds one object. If another input already gave the same object, the
  /// ELF reading wins over a kallsyms dump; two inputs of one kind are an
  /// error naming both.
  llvm::Error addObject(ObjectSymbols Obj);

  /// Adds what an input says about the kernel build; an error if it
  /// contradicts another input.
  llvm::Error addIdentity(const KernelIdentity &Id) {
    return Identity.merge(Id);
  }
  const KernelIdentity &identity() const { return Identity; }

  /// Records an export; applied when the manifest is written.
  void addExport(const InputExport &Export) { Exports.push_back(Export); }

  /// Keeps an input alive so that readers may hand out StringRefs into it.
  void keepBuffer(std::unique_ptr<llvm::MemoryBuffer> Buffer) {
    Buffers.push_back(std::move(Buffer));
  }
  llvm::StringSaver &saver() { return Saver; }

  /// Serialises the manifest: same inputs, same bytes. Fails only if the
  /// result would not fit the format's 32-bit offsets.
  llvm::Expected<std::vector<uint8_t>> serialize() const;

  /// Writes serialize() to \p Path atomically (temporary file + rename).
  llvm::Error write(llvm::StringRef Path) const;

  /// Human-readable notes about merge decisions (e.g. which input won).
  const std::vector<std::string> &notes() const { return Notes; }

private:
  llvm::BumpPtrAllocator Alloc;
  llvm::StringSaver Saver;
  std::vector<std::unique_ptr<llvm::MemoryBuffer>> Buffers;
  std::vector<ObjectSymbols> Objects;
  llvm::StringMap<size_t> ObjectIndex;
  std::vector<InputExport> Exports;
  std::vector<std::string> Notes;
  KernelIdentity Identity;
};

} // namespace klp

#endif // KLP_MANIFEST_MANIFESTBUILDER_H
