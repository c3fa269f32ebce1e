//===- manifest/DebugUnitAddresses.h - Units by address ---------*- C++ -*-===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// gcc writes a basename into each object's STT_FILE symbol, so the symbol
// table of Debian's 6.1 vmlinux cannot tell the init_once of fs/inode.c from
// those of fs/ext4/inode.c and fs/fat/inode.c. The DWARF can: every
// compilation unit names its file, and .debug_aranges says which unit each
// piece of code came from. This index answers "which file is the code at
// this address from" for the whole vmlinux without reading any unit beyond
// its first entry (manifest/VmlinuxSymbols.cpp places data from there).
//
//===----------------------------------------------------------------------===//

#ifndef KLP_MANIFEST_DEBUGUNITADDRESSES_H
#define KLP_MANIFEST_DEBUGUNITADDRESSES_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/MemoryBufferRef.h"

#include <cstdint>
#include <memory>

namespace klp {

/// The compilation units of a linked ELF (a vmlinux) by the addresses of
/// their code.
class DebugUnitAddresses {
public:
  /// Indexes the units of the linked ELF in \p Object (its file \p Path, for
  /// messages): each unit's first entry and .debug_aranges, or the units'
  /// own address ranges where .debug_aranges does not list them. Damaged
  /// DWARF is an error naming the file. \p Object must outlive the index.
  static llvm::Expected<std::unique_ptr<DebugUnitAddresses>>
  open(llvm::MemoryBufferRef Object, llvm::StringRef Path);

  /// The path, relative to the kernel tree as SourceTree::relative() makes
  /// it ("fs/inode.c"), of the unit whose code holds \p Address; "" when no
  /// unit claims it (code without debug info, or data).
  llvm::StringRef unitAt(uint64_t Address) const;

  ~DebugUnitAddresses();

private:
  DebugUnitAddresses();
  struct Impl;
  std::unique_ptr<Impl> I;
};

} // namespace klp

#endif // KLP_MANIFEST_DEBUGUNITADDRESSES_H
