//===- lld-ext/convert/Convert.h - Finalize livepatch modules --*- C++ -*-===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The link step's converter: reads a linked relocatable module and turns
// every livepatch reference it finds into the kernel's format
// (docs/link-step.md):
//
//   * marked weak undefined symbols (docs/mark-contract.md, .note.klp.marks),
//   * undefined symbols already named .klp.sym.<obj>.<name>,<pos>,
//   * SUSE/klp-convert labels .klp.sym.rela.<lp_obj>.<obj>.<name>,<pos> (v2)
//     and .klp.sym.rela.<lp_obj>.<obj>.<name>.<pos> (v3), each of these
//     labels also inside the double quotes clang keeps,
//   * klp-convert v7's KLP_SYMPOS tables (.klp.module_relocs.<obj>),
//   * objtool's __klp_relocs.<obj> tables (klp-build, Linux 6.19+),
//
// become SHN_LIVEPATCH symbols and .klp.rela.<obj>.<section> sections.
// Everything else in the file keeps its bytes. Used by klp-ld and
// klp-convert.
//
//===----------------------------------------------------------------------===//

#ifndef KLP_LLD_EXT_CONVERT_CONVERT_H
#define KLP_LLD_EXT_CONVERT_CONVERT_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/MemoryBufferRef.h"
#include "llvm/Support/raw_ostream.h"
#include <functional>

#include <cstdint>
#include <memory>

namespace klp {

struct ConvertOptions {
  /// Refuse to create livepatch symbols in a module whose .modinfo has no
  /// livepatch entry (lld-ext/elf/Modinfo.h): the kernel refuses to load
  /// such a module.
  bool RequireLivepatchModinfo = true;
};

/// What a conversion did (klp-convert --verbose prints it).
struct ConvertStats {
  unsigned MarkedSymbols = 0;   ///< Converted through mark notes.
  unsigned KlpNamedSymbols = 0; ///< Undefined .klp.sym.* (asm labels, objtool).
  unsigned SuseSymbols = 0;     ///< .klp.sym.rela.* labels.
  /// Annotated by klp-convert v7 KLP_SYMPOS tables.
  unsigned ModuleRelocSymbols = 0;
  unsigned ObjtoolEntries = 0;   ///< __klp_relocs entries turned into relas.
  unsigned DefinedLocally = 0;   ///< Marked, but the module defines them.
  unsigned LivepatchSymbols = 0; ///< Distinct SHN_LIVEPATCH symbols written.
  unsigned KlpRelaSections = 0;  ///< .klp.rela sections written or extended.
  uint64_t MovedRelocations = 0; ///< Relocations now in .klp.rela sections.
  /// Relocations against livepatch symbols from non-allocated sections
  /// (debug info), left where they are.
  uint64_t KeptNonAllocRelocations = 0;
  uint64_t ZeroedTargets = 0; ///< x86_64 targets that held nonzero bytes.
  unsigned RemovedSections = 0;
  /// False when the module needed nothing: the output is the input.
  bool Changed = false;
};

/// What klp-ld needs to know to decide whether a link output is a livepatch
/// module to finalize.
struct ModuleTraits {
  bool Is64 = false;
  bool Relocatable = false; ///< e_type == ET_REL
  uint16_t Machine = 0;
  /// .modinfo has a "livepatch" entry (lld-ext/elf/Modinfo.h).
  bool LivepatchModinfo = false;
  bool HasThisModule = false; ///< .gnu.linkonce.this_module: a final .ko.
  bool HasMarks = false;      ///< The mark section is present.
};

/// Reads only the section headers, names and .modinfo of \p In (the
/// ElfModule model at ElfChecks::Sections).
llvm::Expected<ModuleTraits> inspectModule(llvm::MemoryBufferRef In);

/// A converted module, ready to be written. It refers to the input buffer,
/// which must outlive it.
class ConvertedModule {
public:
  virtual ~ConvertedModule();
  virtual uint64_t size() const = 0;
  /// Writes the size() bytes of the module to \p OS. An error means the
  /// writer broke its own layout (a bug): the bytes must not be used.
  virtual llvm::Error write(llvm::raw_ostream &OS) const = 0;
  const ConvertStats &stats() const { return Stats; }

protected:
  ConvertStats Stats;
};

using WarningHandler = std::function<void(const llvm::Twine &)>;

/// Converts the module in \p In (its identifier names it in messages).
/// Corrupt or unsupported input is an error, never a crash.
llvm::Expected<std::unique_ptr<ConvertedModule>>
convertModule(llvm::MemoryBufferRef In, const ConvertOptions &Opts,
              WarningHandler Warn);

/// Reads \p InPath, converts it and writes \p OutPath atomically (a temporary
/// file in the same directory, renamed into place). \p OutPath may name the
/// input only when \p InPlace. An unchanged module is copied (or, in place,
/// left untouched).
llvm::Error convertFile(llvm::StringRef InPath, llvm::StringRef OutPath,
                        bool InPlace, const ConvertOptions &Opts,
                        WarningHandler Warn, ConvertStats *Stats = nullptr);

/// As convertFile(), from a module already read (klp-ld's link output,
/// whose temporary name is gone before the conversion starts, so that a
/// killed klp-ld leaves nothing behind). \p OutPath is never the input.
llvm::Error convertBuffer(const llvm::MemoryBuffer &In, llvm::StringRef OutPath,
                          const ConvertOptions &Opts, WarningHandler Warn,
                          ConvertStats *Stats = nullptr);

} // namespace klp

#endif // KLP_LLD_EXT_CONVERT_CONVERT_H
