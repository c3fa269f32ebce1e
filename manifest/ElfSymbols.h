//===- manifest/ElfSymbols.h - Kernel ELF symbol tables ---------*- C++ -*-===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The symbol table of a vmlinux or a .ko, decoded once into plain structs
// (any ELF class and byte order), with what the kallsyms rules look at: raw
// and resolved section indices, the STT_FILE a local symbol follows, and the
// flags of its section.
//
//===----------------------------------------------------------------------===//

#ifndef KLP_MANIFEST_ELFSYMBOLS_H
#define KLP_MANIFEST_ELFSYMBOLS_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/MemoryBufferRef.h"

#include <cstdint>
#include <vector>

namespace klp {

struct ElfSection {
  llvm::StringRef Name;
  llvm::StringRef Contents; ///< Empty for SHT_NOBITS.
  uint32_t Type = 0;
  uint64_t Flags = 0;
};

struct ElfSymbol {
  llvm::StringRef Name;
  /// Source file: the STT_FILE entry this local symbol follows; "" for
  /// globals and for locals before any STT_FILE.
  llvm::StringRef File;
  uint64_t Value = 0;
  uint32_t Index = 0;      ///< Index in .symtab.
  uint32_t NameOffset = 0; ///< st_name.
  uint16_t RawShndx = 0;   ///< st_shndx as stored; the kernel compares this.
  uint32_t Section = 0;    ///< SHN_XINDEX resolved; special values kept.
  uint8_t Binding = 0;
  uint8_t Type = 0;
};

struct ElfSymbolTable {
  uint16_t FileType = 0; ///< e_type
  uint16_t Machine = 0;  ///< e_machine
  bool Is64 = false;
  uint32_t RawShnum = 0; ///< e_shnum as stored.
  std::vector<ElfSection> Sections;
  std::vector<ElfSymbol> Symbols; ///< Every .symtab entry, index 0 included.

  /// The section \p S is defined in, or nullptr for undefined, absolute,
  /// common and other special indices.
  const ElfSection *sectionOf(const ElfSymbol &S) const;
  /// Index of the first section named \p Name, or 0.
  uint32_t findSection(llvm::StringRef Name) const;
};

/// Decodes \p Buffer; errors name \p Path. A file without .symtab is an
/// error: kallsyms cannot be reconstructed from a stripped file.
llvm::Expected<ElfSymbolTable> readElfSymbolTable(llvm::MemoryBufferRef Buffer,
                                                  llvm::StringRef Path);

/// The letter GNU nm prints for \p S (binutils' bfd_decode_symclass for
/// ELF), which scripts/kallsyms reads and /proc/kallsyms shows for vmlinux.
char gnuNmType(const ElfSymbolTable &Table, const ElfSymbol &S);

} // namespace klp

#endif // KLP_MANIFEST_ELFSYMBOLS_H
