//===- utils/klp-config/ClangVersion.cpp - Which clang is this ------------===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "ClangVersion.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Program.h"

#include <optional>

using namespace llvm;

namespace klp {

Expected<ClangVersion> parseClangVersion(StringRef Output, StringRef CC) {
  StringRef FirstLine = Output.split('\n').first.trim();
  // Vendors prefix it ("Debian clang version 19.1.7 (3~deb12u1)").
  size_t At = FirstLine.find("clang version ");
  if (At == StringRef::npos)
    return createStringError(
        "'" + CC + "' is not clang; its --version says: " + FirstLine +
        " (pass --cc with a clang, e.g. --cc clang-19)");
  StringRef Rest = FirstLine.drop_front(At + strlen("clang version "));
  ClangVersion V;
  unsigned *Parts[] = {&V.Major, &V.Minor, &V.Patch};
  for (unsigned I = 0; I < 3; ++I) {
    size_t Digits = Rest.find_if_not([](char C) { return isDigit(C); });
    if (Digits == StringRef::npos) // "clang version 19.1.7" ends the line
      Digits = Rest.size();
    if (Digits == 0 || Rest.take_front(Digits).getAsInteger(10, *Parts[I]) ||
        *Parts[I] > 99 || (I < 2 && !Rest.drop_front(Digits).starts_with(".")))
      return createStringError("cannot read the version of '" + CC +
                               "' from: " + FirstLine);
    Rest = Rest.drop_front(Digits + (I < 2 ? 1 : 0));
  }
  return V;
}

// Runs `Program --version` (found on PATH unless it has a '/') and returns
// what it printed. \p What names the program's role in messages.
static Expected<std::string> runVersion(StringRef Program, StringRef What) {
  std::string Exe = Program.str();
  if (!Program.contains('/')) {
    ErrorOr<std::string> Found = sys::findProgramByName(Program);
    if (!Found)
      return createStringError(What + " '" + Program + "' not found on PATH");
    Exe = *Found;
  } else if (!sys::fs::can_execute(Program)) {
    return createStringError(What + " '" + Program +
                             "' does not exist or cannot run");
  }

  SmallString<128> OutPath;
  if (std::error_code EC =
          sys::fs::createTemporaryFile("klp-config-version", "txt", OutPath))
    return createStringError("cannot create a temporary file: " + EC.message());
  FileRemover RemoveOut(OutPath);
  std::optional<StringRef> Redirects[] = {StringRef(""), StringRef(OutPath),
                                          StringRef(OutPath)};
  std::string ErrMsg;
  StringRef Args[] = {Exe, "--version"};
  int RC =
      sys::ExecuteAndWait(Exe, Args, /*Env=*/std::nullopt, Redirects,
                          /*SecondsToWait=*/30, /*MemoryLimit=*/0, &ErrMsg);
  if (RC != 0)
    return createStringError("'" + Program + " --version' failed" +
                             (ErrMsg.empty() ? "" : ": " + ErrMsg));
  ErrorOr<std::unique_ptr<MemoryBuffer>> Out = MemoryBuffer::getFile(OutPath);
  if (!Out)
    return createStringError("cannot read the output of '" + Program +
                             " --version'");
  return (*Out)->getBuffer().str();
}

Expected<ClangVersion> queryClangVersion(StringRef CC) {
  Expected<std::string> Out = runVersion(CC, "compiler");
  if (!Out)
    return Out.takeError();
  return parseClangVersion(*Out, CC);
}

Expected<LinkerInfo> parseLinkerVersion(StringRef Output, StringRef LD) {
  StringRef FirstLine = Output.split('\n').first.trim();
  LinkerInfo Info;
  if (FirstLine.starts_with("GNU ld "))
    return Info;
  // "LLD 19.1.7 (compatible with GNU linkers)", vendors may prefix it.
  size_t At = FirstLine.find("LLD ");
  if (At == StringRef::npos)
    return createStringError(
        "'" + LD +
        "' is neither GNU ld nor LLD; its --version says: " + FirstLine);
  // The version reads like clang's.
  Expected<ClangVersion> V = parseClangVersion(
      ("clang version " + FirstLine.drop_front(At + strlen("LLD "))).str(), LD);
  if (!V) {
    consumeError(V.takeError());
    return createStringError("cannot read the version of '" + LD +
                             "' from: " + FirstLine);
  }
  Info.IsLLD = true;
  Info.Version = *V;
  return Info;
}

Expected<LinkerInfo> queryLinkerVersion(StringRef LD) {
  Expected<std::string> Out = runVersion(LD, "linker");
  if (!Out)
    return Out.takeError();
  return parseLinkerVersion(*Out, LD);
}

} // namespace klp
