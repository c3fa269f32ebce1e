//===- lld-ext/check/KernelScan.h - Names, read as the kernel ---*- C++ -*-===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// format/KlpFormat.h parses livepatch names strictly, as klp-llvm writes them.
// The checker also needs the kernel's own, laxer reading: which names it
// rejects ("incorrectly formatted name"), which it accepts but reads
// differently (a cut object name, digits followed by junk), and what it then
// looks up. These functions reproduce the behaviour of the kernel's
// vsscanf() on the two formats kernel/livepatch/core.c uses:
//
//   ".klp.rela.%55[^.]"                  (klp_write_section_relocs)
//   ".klp.sym.%55[^.].%511[^,],%lu"      (klp_resolve_symbols, 6.1+)
//
//===----------------------------------------------------------------------===//

#ifndef KLP_LLD_EXT_CHECK_KERNELSCAN_H
#define KLP_LLD_EXT_CHECK_KERNELSCAN_H

#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <string>

namespace klp {
namespace check {

/// What the kernel's sscanf stores for a .klp.rela section name.
struct KernelRelaName {
  /// sscanf's return value; the kernel needs 1.
  unsigned Converted = 0;
  std::string Object; ///< At most 55 characters, as stored.
  /// The name's object part is longer than 55 characters: the kernel keeps
  /// the first 55 and the section never matches a loaded object.
  bool ObjectCut = false;
};

KernelRelaName scanKlpRelaName(llvm::StringRef Name);

/// What the kernel's sscanf stores for a .klp.sym symbol name.
struct KernelSymName {
  /// sscanf's return value; the kernel needs 3.
  unsigned Converted = 0;
  std::string Object;
  std::string Name;
  uint64_t SymPos = 0;
  /// The object or symbol part ran past the kernel's field width (55, 511),
  /// so the next literal of the format did not match.
  bool ObjectTooLong = false;
  bool NameTooLong = false;
  /// Characters after the sympos digits, which the kernel ignores.
  std::string Trailing;
};

KernelSymName scanKlpSymName(llvm::StringRef Name);

} // namespace check
} // namespace klp

#endif // KLP_LLD_EXT_CHECK_KERNELSCAN_H
