//===- lld-ext/klp-ld/LinkArgs.h - klp-ld command line --------*- C++ -*-===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// klp-ld passes every ld.lld option through unchanged. It takes out its own
// options (--klp, --no-klp, --klp-manifest=M, --klp-verbose) and reads, from
// the rest, only the output file and whether the link is relocatable (-r).
//
//===----------------------------------------------------------------------===//

#ifndef KLP_LLD_EXT_KLP_LD_LINKARGS_H
#define KLP_LLD_EXT_KLP_LD_LINKARGS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace klp {

struct LinkArgs {
  enum class KlpMode { Auto, Force, Off };
  KlpMode Mode = KlpMode::Auto;
  std::string Manifest; ///< --klp-manifest, "" if none.
  bool Verbose = false; ///< --klp-verbose
  /// The arguments for lld, argv[0] first, ours removed.
  std::vector<const char *> LldArgs;
  std::string Output = "a.out";
  bool Relocatable = false;
  /// Where -o is in LldArgs, so that the output can be redirected: the
  /// argument's index and the text before the file name in it ("" when the
  /// name is the next argument's own), or -1 when the output cannot be
  /// redirected safely (no -o, response files, --dependency-file).
  int OutputArg = -1;
  std::string OutputArgPrefix;
};

/// Splits \p Argv. Response files (@file) are read to find -o and -r, and
/// passed to lld as they were.
llvm::Expected<LinkArgs> parseLinkArgs(llvm::ArrayRef<const char *> Argv);

} // namespace klp

#endif // KLP_LLD_EXT_KLP_LD_LINKARGS_H
