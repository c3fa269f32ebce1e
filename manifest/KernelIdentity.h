//===- manifest/KernelIdentity.h - Which kernel build a manifest is -*- C++
//-*-===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Positions of same-named statics are only meaningful for one exact kernel
// build; the release string (uname -r) names a family of builds, the GNU
// build ID of vmlinux names one. A manifest records what its inputs said
// about the build, so that every later step can refuse another kernel.
//
//===----------------------------------------------------------------------===//

#ifndef KLP_MANIFEST_KERNELIDENTITY_H
#define KLP_MANIFEST_KERNELIDENTITY_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <map>
#include <optional>
#include <string>

namespace klp {

struct ModuleIdentity {
  std::string BuildId;    ///< lowercase hex, "" if unknown
  std::string SrcVersion; ///< .modinfo srcversion, "" if unknown
};

struct KernelIdentity {
  std::string Release;        ///< uname -r, "" if unknown
  std::string VmlinuxBuildId; ///< lowercase hex, "" if unknown
  std::map<std::string, ModuleIdentity> Modules;

  bool empty() const {
    return Release.empty() && VmlinuxBuildId.empty() && Modules.empty();
  }
  /// One line for messages: "6.1.0-57-cloud-amd64, vmlinux build ID 1a2b..."
  /// or "no kernel identity".
  std::string describe() const;

  /// The identity block of the manifest format: sorted "key=value\0"
  /// entries (docs/manifest-format.md).
  std::string serialize() const;
  static llvm::Expected<KernelIdentity> parse(llvm::StringRef Block);

  /// Fills in what \p Other knows and this does not; an error names a field
  /// the two disagree on (two inputs from different kernel builds).
  llvm::Error merge(const KernelIdentity &Other);
};

/// The GNU build ID (NT_GNU_BUILD_ID) in a blob of ELF notes, as a vmlinux
/// or .ko section holds them and /sys/kernel/notes shows them; lowercase
/// hex. Nothing if there is none; an error if the notes are malformed.
llvm::Expected<std::optional<std::string>>
findGnuBuildId(llvm::ArrayRef<uint8_t> Notes, bool IsLittleEndian);

class ElfModule;

/// The build ID of a vmlinux or .ko: its .note.gnu.build-id section.
llvm::Expected<std::optional<std::string>> findGnuBuildId(const ElfModule &M);

} // namespace klp

#endif // KLP_MANIFEST_KERNELIDENTITY_H
