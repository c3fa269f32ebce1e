//===- diff/UnifiedDiff.h - Read and apply a unified diff -------*- C++ -*-===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The fix a livepatch starts from: a unified diff as `diff -u`, `git diff`
// or `git format-patch` write it, against the kernel source tree (paths
// a/fs/proc/meminfo.c or fs/proc/meminfo.c). klp-diff never applies it to
// the source tree: each touched file is patched in memory, exactly (every
// context line must match; no fuzz, no offset), and compiled from there.
//
//===----------------------------------------------------------------------===//

#ifndef KLP_DIFF_UNIFIEDDIFF_H
#define KLP_DIFF_UNIFIEDDIFF_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/MemoryBufferRef.h"

#include <string>
#include <vector>

namespace klp {

struct DiffHunk {
  unsigned OldStart = 0, OldCount = 0; ///< 1-based, as in "@@ -a,b"
  unsigned NewStart = 0, NewCount = 0;
  /// Each line with its marker: ' ' context, '-' removed, '+' added.
  std::vector<std::string> Lines;
  unsigned HeaderLine = 0; ///< the "@@" line's number in the diff file
};

struct FilePatch {
  std::string Path; ///< relative to the source tree, a/ b/ stripped
  bool Created = false;
  bool Deleted = false;
  std::vector<DiffHunk> Hunks;
};

/// Parses every file of a unified diff; errors name \p Diff's identifier and
/// line. Text around the file sections (a mail's header, a commit message)
/// is skipped, as patch(1) skips it.
llvm::Expected<std::vector<FilePatch>>
parseUnifiedDiff(llvm::MemoryBufferRef Diff);

/// \p Original with \p Patch applied. With \p KeepLineNumbers, a `#line`
/// directive after each hunk gives every line the hunks did not touch its
/// original number again, so that __LINE__ (WARN, BUG, might_sleep) and the
/// debug line table of untouched code are the same as in the unpatched
/// file. A directive is never put where the line before continues a macro.
llvm::Expected<std::string> applyFilePatch(llvm::StringRef Original,
                                           const FilePatch &Patch,
                                           bool KeepLineNumbers);

} // namespace klp

#endif // KLP_DIFF_UNIFIEDDIFF_H
