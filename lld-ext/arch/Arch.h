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

namespace klp {

struct RelocInfo {
  uint32_t Type;
  llvm::StringLiteral Name;
  uint8_t Size;        ///< Bytes the relocation writes at r_offset.
  bool LoaderApplies;  ///< apply_relocate_add() of this arch handles it.
  bool IsCall;         ///< A branch-and-link to the symbol.
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

  const RelocInfo *find(uint32_t Type) const;
};

/// The table for \p Machine (an ELF e_machine), or null if klp-llvm does not
/// know that architecture.
const ArchInfo *getArchInfo(uint16_t Machine);

} // namespace klp

#endif // KLP_LLD_EXT_ARCH_ARCH_H
