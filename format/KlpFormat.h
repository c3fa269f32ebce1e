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
/// klp-convert v7's position tables: .klp.module_relocs.<object>, arrays of
/// packed { void *sym; u32 sympos; } (12 bytes on 64-bit kernels).
constexpr llvm::StringLiteral ModuleRelocsPrefix = ".klp.module_relocs.";
constexpr uint64_t ModuleRelocEntrySize = 12;
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

/// The one rule for an object name (vmlinux or a module, as normalized):
/// the kernel's length limit and none of the characters its sscanf formats
/// stop at. The message names the offender.
llvm::Error checkObjectName(llvm::StringRef Object);

/// checkObjectName(), and not "vmlinux".
llvm::Error checkModuleName(llvm::StringRef Module);

/// The one rule for a symbol name in a .klp.sym name: KSYM_NAME_LEN, no
/// comma, space or control character.
llvm::Error checkSymbolName(llvm::StringRef Name);

/// checkObjectName() and checkSymbolName() for \p Ref.
llvm::Error checkKernelSymbolRef(const KernelSymbolRef &Ref);

/// ".klp.sym.<obj>.<name>,<pos>".
std::string formatKlpSymbolName(const KernelSymbolRef &Ref);

/// Parses ".klp.sym.<obj>.<name>,<pos>" the way the kernel does, but strictly:
/// anything the kernel would reject or silently misread is an error.
llvm::Expected<KernelSymbolRef> parseKlpSymbolName(llvm::StringRef Name);

/// Parses SUSE/klp-convert's labels; \p LivepatchObject receives <lp_obj>.
/// Two versions: v2 ".klp.sym.rela.<lp_obj>.<obj>.<name>,<pos>" (a comma
/// anywhere makes it v2: kernel names never hold one) and v3 (2024)
/// ".klp.sym.rela.<lp_obj>.<obj>.<name>.<pos>", whose position, always
/// present, follows the last dot, so "foo.isra.0.1" is foo.isra.0 at 1.
llvm::Expected<KernelSymbolRef>
parseSuseKlpSymbolName(llvm::StringRef Name, std::string *LivepatchObject);

/// True for names that parseSuseKlpSymbolName, not parseKlpSymbolName, reads.
inline bool isSuseKlpSymbolName(llvm::StringRef Name) {
  return Name.starts_with(SuseKlpSymPrefix);
}

/// The name inside a quoted asm label. clang keeps the double quotes of
/// asm("\".klp.sym.vmlinux.foo,0\"") in the ELF symbol name (GNU as strips
/// them), and the kernel would look for the quoted name: every reader of
/// labels takes the name between them. Other names are returned as they are.
llvm::StringRef unquoteLabel(llvm::StringRef SymbolName);

/// True if \p SymbolName, unquoted, is named like a livepatch label
/// (".klp.sym.", which SUSE's ".klp.sym.rela." labels start with too).
inline bool isKlpLabel(llvm::StringRef SymbolName) {
  return unquoteLabel(SymbolName).starts_with(KlpSymPrefix);
}

/// A livepatch reference written into a symbol name by an asm label.
struct KlpLabel {
  enum class Form { KlpSym, SuseV2, SuseV3 };
  KernelSymbolRef Target;
  /// SUSE labels: <lp_obj>, the object klp-convert names the .klp.rela
  /// sections after; empty for .klp.sym labels.
  std::string LivepatchObject;
  Form Kind = Form::KlpSym;
  bool Quoted = false;
};

/// Parses every label form, quoted or not: ".klp.sym.<obj>.<name>,<pos>" and
/// SUSE's v2 and v3 (with a usable <lp_obj>). Errors name the symbol as it
/// is written.
llvm::Expected<KlpLabel> parseKlpLabel(llvm::StringRef SymbolName);

/// ".klp.rela.<obj>.<section>".
std::string formatKlpRelaSectionName(llvm::StringRef Object,
                                     llvm::StringRef TargetSection);

/// Splits ".klp.rela.<obj>.<section>" as the kernel does: the object ends at
/// the first dot after the prefix.
llvm::Expected<std::pair<std::string, std::string>>
parseKlpRelaSectionName(llvm::StringRef Name);

//===----------------------------------------------------------------------===//
// The mark contract, version 2 (docs/mark-contract.md); version 1 is read too
//===----------------------------------------------------------------------===//

/// Non-allocated SHT_NOTE section that carries the marks. A note, not
/// PROGBITS: modpost warns about every non-allocated PROGBITS section it does
/// not know ("unexpected non-allocatable section"), never about notes.
constexpr llvm::StringLiteral MarkSectionName = ".note.klp.marks";
/// Note owner ("name") of every note of the contract.
constexpr llvm::StringLiteral MarkNoteOwner = "klp-llvm";
/// Note types: a mark (v1 and v2), a deferred reference (v2), the kernel
/// build the manifest described (v2; readers that do not know it skip it).
constexpr uint32_t MarkNoteType = 1;
constexpr uint32_t DeferredNoteType = 2;
constexpr uint32_t IdentityNoteType = 3;
/// The section of a finished module that keeps the identity note: the link
/// step turns the mark section into it (docs/link-step.md).
constexpr llvm::StringLiteral IdentitySectionName = ".note.klp.kernel";
/// The version the plugin writes; readers take every version up to it.
constexpr unsigned MarkContractVersion = 2;

/// One mark: the undefined symbol \p LinkName of the module refers to the
/// kernel symbol \p Target.
struct Mark {
  std::string LinkName;
  KernelSymbolRef Target;
};

/// A reference one translation unit could not decide (several kernel
/// symbols have the name, and another file of the module may define it).
/// The link step, which sees the whole module, decides: the module's own
/// definition, or an error that says \p Reason.
struct DeferredReference {
  std::string LinkName;
  /// Where the translation unit used it: "file.c:12:5", or the file.
  std::string Origin;
  /// Why the compiler could not decide: the candidates and how to choose.
  std::string Reason;
};

/// Which kernel build the manifest an object was compiled against
/// describes, as far as the manifest knew: the release (uname -r) and the
/// vmlinux GNU build ID (lowercase hex). Either may be empty, not both.
struct BuildIdentity {
  std::string Release;
  std::string VmlinuxBuildId;

  bool operator==(const BuildIdentity &O) const {
    return Release == O.Release && VmlinuxBuildId == O.VmlinuxBuildId;
  }
  bool operator!=(const BuildIdentity &O) const { return !(*this == O); }
  /// "6.1.0-57-cloud-amd64, vmlinux build ID 1a2b..." for messages, as
  /// KernelIdentity::describe() says it.
  std::string describe() const;
};

/// What the mark notes of one object or module say.
struct MarkNotes {
  std::vector<Mark> Marks;
  std::vector<DeferredReference> Deferred;
  /// Every distinct identity, in the order of its first note; a module's
  /// objects must agree on one (the caller checks).
  std::vector<BuildIdentity> Identities;
};

/// The record of one mark, the note's descriptor without its NUL:
/// "2 <object> <sympos> <name> <linkname>" (kallsyms names hold no spaces).
std::string formatMarkRecord(const Mark &M);

/// The record of a deferred reference: "2 <linkname> <origin> <reason>"; the
/// reason runs to the end of the record and may hold spaces.
std::string formatDeferredRecord(const DeferredReference &D);

/// The record of an identity note: "2 release=<r> vmlinux.build-id=<hex>",
/// empty fields left out. Readers ignore keys they do not know.
std::string formatIdentityRecord(const BuildIdentity &Id);

/// Assembly (for module-level inline asm) that adds the identity note (if
/// \p Id is not empty), then one note per mark and per deferred reference,
/// in this order, to the mark section. Works with every ELF assembler LLVM
/// has.
std::string formatMarkSectionAsm(llvm::ArrayRef<Mark> Marks,
                                 llvm::ArrayRef<DeferredReference> Deferred,
                                 const BuildIdentity &Id = {});

/// The bytes of one note of the mark contract: owner klp-llvm, \p Type
/// (MarkNoteType, DeferredNoteType, IdentityNoteType), \p Record as its
/// NUL-terminated descriptor, both padded to 4 bytes.
std::vector<uint8_t> formatMarkNote(uint32_t Type, llvm::StringRef Record,
                                    bool IsLittleEndian);

/// The bytes of one identity note (owner klp-llvm, IdentityNoteType), as
/// the link step writes them into IdentitySectionName.
std::vector<uint8_t> formatIdentityNote(const BuildIdentity &Id,
                                        bool IsLittleEndian);

/// Parses a whole mark section (the notes of every object that went into a
/// link, concatenated, possibly with zero padding between them). \p Where
/// names the file for messages. Each distinct record is returned once, in
/// the order of its first note; conflicts (one link name, two targets) are
/// the caller's. Notes of other owners or types are skipped.
llvm::Expected<MarkNotes> parseMarkSection(llvm::ArrayRef<uint8_t> Data,
                                           bool IsLittleEndian,
                                           llvm::StringRef Where);

} // namespace klp

#endif // KLP_FORMAT_KLPFORMAT_H
