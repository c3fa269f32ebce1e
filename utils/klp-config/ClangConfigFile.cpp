//===- utils/klp-config/ClangConfigFile.cpp - Flags in a clang --config ---===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "ClangConfigFile.h"
#include "support/OutputFile.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/xxhash.h"

using namespace llvm;

namespace klp {

// Clang reads config files with the GNU command-line tokenizer: a backslash
// makes the next character literal, which covers spaces, quotes, '#' and the
// backslash itself.
static std::string quoteForConfigFile(StringRef Flag) {
  std::string Out;
  for (char C : Flag) {
    if (isSpace(C) || C == '\\' || C == '"' || C == '\'' || C == '#')
      Out += '\\';
    Out += C;
  }
  return Out;
}

static std::string hex64(uint64_t V) {
  std::string S;
  raw_string_ostream(S) << format_hex_no_prefix(V, 16);
  return S;
}

Expected<std::string> fingerprintFile(StringRef Path) {
  ErrorOr<std::unique_ptr<MemoryBuffer>> Buf = MemoryBuffer::getFile(
      Path, /*IsText=*/false, /*RequiresNullTerminator=*/false);
  if (!Buf)
    return createStringError("cannot read " + Path + ": " +
                             Buf.getError().message());
  return (Path + " xxh3:" + hex64(xxh3_64bits((*Buf)->getBuffer()))).str();
}

std::string renderClangConfigFile(ArrayRef<std::string> Flags,
                                  ArrayRef<std::string> Inputs) {
  std::string Text = "# Written by klp-config; the file name is a hash of "
                     "this text. Do not edit.\n";
  for (const std::string &I : Inputs)
    Text += "# input " + I + "\n";
  for (const std::string &F : Flags)
    Text += quoteForConfigFile(F) + "\n";
  return Text;
}

Expected<std::string> writeClangConfigFile(ArrayRef<std::string> Flags,
                                           ArrayRef<std::string> Inputs,
                                           StringRef Dir) {
  return writeHashedFile(renderClangConfigFile(Flags, Inputs), ".cfg", Dir);
}

Expected<std::string> writeHashedFile(StringRef Text, StringRef Extension,
                                      StringRef Dir) {
  SmallString<256> Path(Dir);
  if (std::error_code EC = sys::fs::make_absolute(Path))
    return createStringError("cannot make '" + Dir +
                             "' absolute: " + EC.message());
  sys::path::remove_dots(Path, /*remove_dot_dot=*/true);
  if (std::error_code EC = sys::fs::create_directories(Path))
    return createStringError("cannot create the cache directory " + Path +
                             ": " + EC.message());
  std::string Name = "klp-" + hex64(xxh3_64bits(Text)) + Extension.str();
  SmallString<256> Dest(Path);
  sys::path::append(Dest, Name);

  // Same name, same content: nothing to do (and no window in which a
  // concurrent build could read a half-written file).
  if (ErrorOr<std::unique_ptr<MemoryBuffer>> Old = MemoryBuffer::getFile(Dest))
    if ((*Old)->getBuffer() == Text)
      return std::string(Dest);

  // Two builds may write the same name at once: each writes its own
  // unnamed file and renames it into place, and both write the same bytes.
  // The mode is explicit: clang may run as another user (e.g. a build
  // sandbox) under a strict umask, and the flags are no secret.
  OutputOptions Opts;
  Opts.Mode = 0644;
  if (Error E = writeOutputFile(
          Dest,
          [&](raw_ostream &OS) {
            OS << Text;
            return Error::success();
          },
          Opts))
    return E;
  return std::string(Dest);
}

} // namespace klp
