//===- format/KlpFormat.h - Livepatch ELF names and the mark contract -----===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The two formats every part of klp-llvm agrees on:
//
//  * the kernel's livepatch ELF names (.klp.sym.<obj>.<name>,<pos> and
//    .klp.rela.<obj>.<section>), parsed exactly as kernel/livepatch/core.c
//    reads them, and the limits the kernel puts on them;
//  * the mark contract (docs/mark-contract.md): how the pass tells the link
//    step which undefined symbol is a livepatch reference, and to what.
//
//===----------------------------------------------------------------------===//

#ifndef KLP_FORMAT_KLPFORMAT_H
#define KLP_FORMAT_KLPFORMAT_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>
#include <vector>

namespace klp {

// include/uapi/linux/elf.h
constexpr uint16_t SHN_LIVEPATCH = 0xff20;
constexpr uint64_t SHF_RELA_LIVEPATCH = 0x00100000;

// MODULE_NAME_LEN - 1 and KSYM_NAME_LEN - 1 (6.1+).
constexpr size_t MaxObjectNameLen = 55;
constexpr size_t MaxSymbolNameLen = 511;

constexpr llvm::StringLiteral KlpSymPrefix = ".klp.sym.";
constexpr llvm::StringLiteral SuseKlpSymPrefix = ".klp.sym.rela.";
constexpr llvm::StringLiteral KlpRelaPrefix = ".klp.rela.";
constexpr llvm::StringLiteral VmlinuxObject = "vmlinux";

/// One kernel symbol as livepatch names it: the object whose kallsyms holds
/// it (vmlinux or a module), its name, and its position among the
/// same-named symbols of that object (0: the name is unique).
struct KernelSymbolRef {
  std::string Object;
  std::string Name;
  uint64_t SymPos = 0;

  bool operator==(const KernelSymbolRef &O) const {
    return Object == O.Object && Name == O.Name && SymPos == O.SymPos;
  }
  bool operator!=(const KernelSymbolRef &O) const { return !(*this == O); }
  bool operator<(const KernelSymbolRef &O) const {
    if (Object != O.Object)
      return Object < O.Object;
    if (Name != O.Name)
      return Name < O.Name;
    return SymPos < O.SymPos;
  }
};

/// Module names as the kernel keeps them: '-' becomes '_'.
std::string normalizeObjectName(llvm::StringRef Name);

/// Checks an object and symbol name against the kernel's limits and the
/// characters its sscanf formats stop at. The message names the offender.
llvm::Error checkKernelSymbolRef(const KernelSymbolRef &Ref);

/// ".klp.sym.<obj>.<name>,<pos>".
std::string formatKlpSymbolName(const KernelSymbolRef &Ref);

/// Parses ".klp.sym.<obj>.<name>,<pos>" the way the kernel does, but strictly:
/// anything the kernel would reject or silently misread is an error.
llvm::Expected<KernelSymbolRef> parseKlpSymbolName(llvm::StringRef Name);

/// Parses SUSE/klp-convert's ".klp.sym.rela.<lp_obj>.<obj>.<name>,<pos>";
/// \p LivepatchObject receives <lp_obj>.
llvm::Expected<KernelSymbolRef>
parseSuseKlpSymbolName(llvm::StringRef Name, std::string *LivepatchObject);

/// True for names that parseSuseKlpSymbolName, not parseKlpSymbolName, reads.
inline bool isSuseKlpSymbolName(llvm::StringRef Name) {
  return Name.starts_with(SuseKlpSymPrefix);
}

/// ".klp.rela.<obj>.<section>".
std::string formatKlpRelaSectionName(llvm::StringRef Object,
                                     llvm::StringRef TargetSection);

/// Splits ".klp.rela.<obj>.<section>" as the kernel does: the object ends at
/// the first dot after the prefix.
llvm::Expected<std::pair<std::string, std::string>>
parseKlpRelaSectionName(llvm::StringRef Name);

//===----------------------------------------------------------------------===//
// The mark contract, version 1 (docs/mark-contract.md)
//===----------------------------------------------------------------------===//

/// Non-allocated SHT_NOTE section that carries the marks. A note, not
/// PROGBITS: modpost warns about every non-allocated PROGBITS section it does
/// not know ("unexpected non-allocatable section"), never about notes.
constexpr llvm::StringLiteral MarkSectionName = ".note.klp.marks";
/// Note owner ("name") and type of a mark note.
constexpr llvm::StringLiteral MarkNoteOwner = "klp-llvm";
constexpr uint32_t MarkNoteType = 1;
constexpr unsigned MarkContractVersion = 1;

/// One mark: the undefined symbol \p LinkName of the module refers to the
/// kernel symbol \p Target.
struct Mark {
  std::string LinkName;
  KernelSymbolRef Target;
};

/// The record of one mark, the note's descriptor without its NUL:
/// "1 <object> <sympos> <name> <linkname>" (kallsyms names hold no spaces).
std::string formatMarkRecord(const Mark &M);

/// Assembly (for module-level inline asm) that adds one note per mark, in
/// this order, to the mark section. Works with every ELF assembler LLVM has.
std::string formatMarkSectionAsm(llvm::ArrayRef<Mark> Marks);

/// Parses a whole mark section (the notes of every object that went into a
/// link, concatenated, possibly with zero padding between them). \p Where
/// names the file for messages. Each distinct record is returned once, in
/// the order of its first note; conflicts (one link name, two targets) are
/// the caller's. Notes of other owners or types are skipped.
llvm::Expected<std::vector<Mark>> parseMarkSection(llvm::ArrayRef<uint8_t> Data,
                                                   bool IsLittleEndian,
                                                   llvm::StringRef Where);

} // namespace klp

#endif // KLP_FORMAT_KLPFORMAT_H
