//===- lld-ext/arch/Arch.h - Relocation knowledge per architecture -------===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Everything klp-llvm knows about an architecture's relocations lives in one
// table per architecture (x86_64, aarch64, ppc64le, s390x): which types the
// kernel's module loader applies, how many bytes each writes, and which are
// calls. The converter and the checker both read these tables.
//
//===----------------------------------------------------------------------===//

#ifndef KLP_LLD_EXT_ARCH_ARCH_H
#define KLP_LLD_EXT_ARCH_ARCH_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <string>

namespace klp {

struct RelocInfo {
  uint32_t Type;
  llvm::StringLiteral Name;
  uint8_t Size;       ///< Bytes the relocation writes at r_offset.
  bool LoaderApplies; ///< apply_relocate_add() of this arch handles it.
  bool IsCall;        ///< A branch-and-link to the symbol.
};

struct ArchInfo {
  uint16_t Machine;         ///< e_machine
  llvm::StringLiteral Name; ///< "x86_64", "aarch64", "ppc64le", "s390x"
  llvm::ArrayRef<RelocInfo> Relocs;
  uint32_t NoneType; ///< R_*_NONE
  /// x86_64: the loader refuses a relocation whose target bytes are not zero.
  bool TargetsMustBeZero;
  /// ppc64le: a call to a livepatch symbol goes through a stub and needs a
  /// nop (the TOC restore slot) after the branch.
  bool CallsNeedNop;

  // Added by the converter work; appended so that aggregate initialisers of
  // the fields above keep their meaning.

  /// The byte order the kernel of this architecture uses (ppc64 big-endian
  /// is ELFv1 and has no livepatch support; s390x is big-endian).
  bool LittleEndian = true;
  /// The 64-bit absolute data relocation (R_X86_64_64, R_AARCH64_ABS64, ...),
  /// which objtool's __klp_relocs tables use for their pointers.
  uint32_t Abs64Type = 0;
  /// The instruction the loader expects after a call to a livepatch symbol
  /// when CallsNeedNop (ppc64le: 0x60000000, "ori r0,r0,0").
  uint32_t NopInsn = 0;

  const RelocInfo *find(uint32_t Type) const;
  /// "R_X86_64_PC32", or "unknown relocation type N" for a type not in the
  /// table.
  std::string relocName(uint32_t Type) const;
};

/// The table for \p Machine (an ELF e_machine), or null if klp-llvm does not
/// know that architecture.
const ArchInfo *getArchInfo(uint16_t Machine);

/// Every table klp-llvm has, in a fixed order (for tests and listings).
llvm::ArrayRef<const ArchInfo *> allArchInfos();

} // namespace klp

#endif // KLP_LLD_EXT_ARCH_ARCH_H
