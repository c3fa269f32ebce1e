//===- manifest/DebugUnits.h - A shipped file's functions -------*- C++ -*-===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// What the kernel as shipped made of one source file, read from the DWARF
// of its debug vmlinux or module .ko and the ELF symbol table: which of the
// file's functions have out-of-line code and under which symbols (gcc's
// clones and .cold parts included), which were inlined into which, and
// where its static variables ended up. klp-diff compares a recompiled file
// against this to decide what a livepatch must replace.
//
// Only the unit asked for is read in full: opening indexes the compilation
// units by their first entry (name and build directory), so a question
// about one file of a 590 MB vmlinux reads that file's unit and nothing
// else of .debug_info.
//
//===----------------------------------------------------------------------===//

#ifndef KLP_MANIFEST_DEBUGUNITS_H
#define KLP_MANIFEST_DEBUGUNITS_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace klp {

/// One symbol of the shipped object as the kernel counts it.
struct ShippedSymbol {
  /// The ELF symbol name: "foo", "foo.isra.0", "foo.constprop.0",
  /// "foo.part.0", "foo.cold", "count.5".
  std::string Name;
  /// Its address (vmlinux), or its offset in its section (a module .ko).
  uint64_t Address = 0;
  /// 1-based among the object's kallsyms-kept symbols of this Name, in the
  /// order livepatch counts them (vmlinux: kallsyms' address order; a .ko:
  /// symbol-table order among the symbols kept after init), exactly as the
  /// manifest counts; 0 if kallsyms does not list this symbol.
  uint32_t Position = 0;
  /// How many kallsyms-kept symbols of this Name the object has.
  uint32_t Count = 0;
  /// The sympos to write in .klp.sym and old_sympos: 0 for a unique name.
  uint64_t sympos() const { return Count <= 1 ? 0 : Position; }
};

struct ShippedFunction {
  /// The C name (DW_AT_name, through abstract_origin and specification).
  std::string Name;
  bool External = false; ///< DW_AT_external.
  /// Declared inline (DW_AT_inline is DW_INL_declared_inlined or
  /// DW_INL_declared_not_inlined). gcc also gives DW_AT_inline to functions
  /// it inlined without being asked; InlinedInto says where those went.
  bool Inline = false;
  /// The out-of-line code: the ELF symbol at the start of each range of each
  /// concrete instance: the function itself and/or gcc's clones
  /// (foo.isra.N, foo.constprop.N, foo.part.N) and their .cold parts, in
  /// the order of the DWARF (an instance's entry, then its .cold part).
  /// Empty when the function exists only inlined (or not at all).
  std::vector<ShippedSymbol> Copies;
  /// gcc emitted out-of-line code, even if no symbol names it (Copies
  /// empty: a __weak definition that another file's overrode, or code in a
  /// section the link discarded).
  bool OutOfLine = false;
  /// The functions of this unit whose out-of-line code holds an inlined
  /// copy of this one (a DW_TAG_inlined_subroutine at any depth), by C name,
  /// sorted: the direct "is inlined into" relation. A function inlined into
  /// an inline function that was itself inlined into F lists F too.
  std::vector<std::string> InlinedInto;
};

struct ShippedVariable {
  std::string Name;     ///< The C name.
  std::string Function; ///< The enclosing function of a static local; "".
  bool External = false;
  /// The ELF symbol at its DW_OP_addr location ("count", or gcc's
  /// "count.5" for a static local), matched by name; none if optimized out
  /// or in a section the link discarded. Zero-size statics (lockdep's
  /// __key without CONFIG_LOCKDEP) share one address: each gets the first
  /// symbol of its name there.
  std::optional<ShippedSymbol> Symbol;
};

struct ShippedUnit {
  /// The source path relative to the kernel tree: "fs/proc/meminfo.c".
  std::string Path;
  /// Every function the unit defines (its own and the inline functions of
  /// the headers it includes), sorted by Name. Functions only declared here
  /// are not listed.
  std::vector<ShippedFunction> Functions;
  /// File-scope variables the unit defines and the static locals that have
  /// a fixed address, sorted by (Function, Name, address).
  std::vector<ShippedVariable> Variables;

  const ShippedFunction *function(llvm::StringRef Name) const;
  /// The first variable \p Name of \p Function ("" for file scope).
  const ShippedVariable *variable(llvm::StringRef Function,
                                  llvm::StringRef Name) const;
};

/// One debug ELF: a vmlinux or a module .ko (ET_REL: addresses are
/// offsets in their sections, .debug_info's relocations are applied as
/// llvm::DWARFContext does for relocatable objects, and positions are
/// counted in symbol-table order).
class ShippedObject {
public:
  /// Reads \p Path's symbol table and indexes its compilation units; errors
  /// name the file (not ELF, no symbol table, no DWARF).
  static llvm::Expected<std::unique_ptr<ShippedObject>>
  open(llvm::StringRef Path);

  /// The unit compiled from \p Path (relative to the kernel tree:
  /// "fs/proc/meminfo.c"). An error naming the file if there is none,
  /// listing the units of the same basename if any.
  llvm::Expected<ShippedUnit> unit(llvm::StringRef Path);

  /// Every unit (its path, relative to the kernel tree) whose line table
  /// names \p Header ("include/linux/foo.h", relative to the kernel tree),
  /// sorted.
  llvm::Expected<std::vector<std::string>>
  unitsIncluding(llvm::StringRef Header);

  /// Every unit's path, relative to the kernel tree where the object says
  /// where the tree is, in .debug_info order.
  std::vector<std::string> unitPaths() const;

  llvm::StringRef path() const;

  ~ShippedObject();

private:
  ShippedObject();
  struct Impl;
  std::unique_ptr<Impl> I;
};

} // namespace klp

#endif // KLP_MANIFEST_DEBUGUNITS_H
