//===- lld-ext/check/Check.h - Livepatch load-time rules --------*- C++ -*-===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// klp-check proves statically that a livepatch module (.ko) obeys every rule
// the kernel applies when it loads it and when it applies its livepatch
// relocations (kernel/module/main.c, kernel/livepatch/core.c and the arch
// module loaders). docs/klp-check.md lists each rule with its kernel source.
//
// The result is data: klp-check prints it, klp-ld can refuse to write a
// module that fails.
//
//===----------------------------------------------------------------------===//

#ifndef KLP_LLD_EXT_CHECK_CHECK_H
#define KLP_LLD_EXT_CHECK_CHECK_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/MemoryBufferRef.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace klp {

class Manifest;

enum class Severity { Warning, Error };

/// One finding. Relocations that break one rule the same way (same section,
/// same symbol, same message) are folded into one diagnostic with a count.
struct Diagnostic {
  Severity Level = Severity::Error;
  /// Stable identifier of the rule (docs/klp-check.md), e.g. "klp-sym-name".
  std::string Rule;
  std::string Section; ///< The offending section, "" if none.
  std::string Symbol;  ///< The offending symbol, "" if none.
  /// Offset in the section (of the first relocation, when folded).
  std::optional<uint64_t> Offset;
  unsigned Count = 1;  ///< How many relocations/records were folded in.
  std::string Message; ///< What is wrong and what it leads to.
  std::string Fix;     ///< What to do about it.
  /// The line the kernel (or, where noted, objtool) prints when it meets
  /// this, with the subsystem prefix as dmesg shows it; "" when the kernel
  /// says nothing and the module misbehaves silently.
  std::string Kernel;
};

struct CheckReport {
  std::string ModuleName; ///< As the kernel will call the module.
  std::string Arch;       ///< "x86_64", ... or "" when unknown.
  std::vector<Diagnostic> Diagnostics;

  unsigned errorCount() const;
  unsigned warningCount() const;
  bool passed() const { return errorCount() == 0; }
};

struct CheckOptions {
  /// The module's name when .modinfo has no name= (default: the file name
  /// without directories and extension).
  std::string ModuleName;
  /// The running kernel's vmlinux build ID (lowercase hex), e.g. from a
  /// copy of /sys/kernel/notes: the module must have been built for it.
  std::optional<std::string> RunningBuildId;
  /// Where RunningBuildId came from, for messages.
  std::string RunningBuildIdSource;
};

/// Checks the module in \p Buffer against every rule; with \p M also
/// resolves each .klp.sym symbol the way the kernel will. An Error means the
/// file is not a usable 64-bit ELF relocatable (truncated, corrupt indices,
/// sizes or offsets); violations of the kernel's rules are diagnostics.
llvm::Expected<CheckReport> checkModule(llvm::MemoryBufferRef Buffer,
                                        const Manifest *M,
                                        const CheckOptions &Options = {});

/// Human-readable report, one diagnostic per paragraph, then a summary line.
void printReport(llvm::raw_ostream &OS, llvm::StringRef File,
                 const CheckReport &Report);

/// The same report as one JSON object.
void printReportJson(llvm::raw_ostream &OS, llvm::StringRef File,
                     const CheckReport &Report);

} // namespace klp

#endif // KLP_LLD_EXT_CHECK_CHECK_H
