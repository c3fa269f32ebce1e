//===- support/OutputFile.h - Write an output file like ld.lld -*- C++ -*-===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The one way klp-llvm's tools write an output file (klp-convert, klp-ld's
// finalization, klp-manifest build/capture, klp-config's cache files):
//
//  * A regular file (or a name that does not exist yet) is replaced
//    atomically: readers see the old file or the complete new one, never a
//    partial one, and a failure (full disk, file-size limit, an error of
//    the producer) leaves the old file untouched and nothing else behind.
//  * Killing the process (even with SIGKILL) leaves nothing behind either:
//    on Linux the bytes go to an unnamed file (O_TMPFILE) that gets a name
//    only once it is complete. Where the file system has no O_TMPFILE, a
//    named temporary file beside the output is used, as before (removed on
//    SIGINT/SIGTERM, not on SIGKILL).
//  * Anything else that exists (a character device such as /dev/null, a
//    FIFO, a socket) is written through, not replaced, as ld.lld does.
//  * "-" is standard output.
//  * A symlink is replaced by the new file, as ld.lld, GNU ld and
//    `objcopy IN OUT` do, unless FollowSymlinks (a file rewritten in place,
//    klp-convert --in-place, as `objcopy FILE` and `strip` do): then the
//    file it points to is rewritten and the link stays.
//
//===----------------------------------------------------------------------===//

#ifndef KLP_SUPPORT_OUTPUTFILE_H
#define KLP_SUPPORT_OUTPUTFILE_H

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

#include <optional>
#include <string>

namespace klp {

struct OutputOptions {
  /// Rewrite the file a symlink points to instead of replacing the link.
  bool FollowSymlinks = false;
  /// Permission bits of the written file; by default 0666 less the umask,
  /// as for any new file.
  std::optional<unsigned> Mode;
};

/// Produces the contents. It may be called a second time, on a fresh
/// stream, when the first attempt's file could not be given its name (no
/// /proc and no privilege to link an unnamed file): it must write the same
/// bytes again. An error it returns is returned as it is.
using OutputWriter = llvm::function_ref<llvm::Error(llvm::raw_ostream &)>;

/// Writes \p Path as described above. Errors name the file and the reason
/// ("cannot write out.ko: No space left on device").
llvm::Error writeOutputFile(llvm::StringRef Path, OutputWriter Write,
                            const OutputOptions &Opts = {});

/// A fresh name beside \p Path for a file another writer creates by name
/// (ld.lld inside klp-ld): "<Path>.<Infix>-<scope>-<pid>-XXXXXX", where
/// scope identifies the boot and PID namespace, so that a later run can
/// tell whether the process that made it still exists.
std::string ownedTempName(llvm::StringRef Path, llvm::StringRef Infix);

/// Removes the files ownedTempName(\p Path, \p Infix) named in this boot
/// and PID namespace whose process is gone (killed before it could remove
/// them), and what their writer made of them (ld.lld's "<name>.tmpXXXXXXX").
void removeStaleTemps(llvm::StringRef Path, llvm::StringRef Infix);

/// The file \p Path names once its symlinks are followed (the last
/// component too, even if the final target does not exist yet).
llvm::Expected<std::string> resolveSymlinks(llvm::StringRef Path);

} // namespace klp

#endif // KLP_SUPPORT_OUTPUTFILE_H
