//===- klp-config/KernelRelease.cpp - The release a KDIR builds for -------===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "KernelRelease.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"

using namespace llvm;

namespace klp {

Expected<std::string> parseUtsRelease(StringRef Text, StringRef Path) {
  SmallVector<StringRef, 4> Lines;
  Text.split(Lines, '\n');
  for (StringRef Line : Lines) {
    Line = Line.trim();
    if (!Line.consume_front("#define"))
      continue;
    Line = Line.ltrim();
    if (!Line.consume_front("UTS_RELEASE"))
      continue;
    Line = Line.trim();
    if (Line.size() < 3 || !Line.consume_front("\"") ||
        !Line.consume_back("\"") || Line.contains('"'))
      break;
    return Line.str();
  }
  return createStringError(Path + ": no '#define UTS_RELEASE \"<release>\"'; "
                                  "is this a prepared kernel tree?");
}

static Expected<std::optional<std::string>> readFile(const Twine &Path) {
  if (!sys::fs::exists(Path))
    return std::nullopt;
  ErrorOr<std::unique_ptr<MemoryBuffer>> Buf = MemoryBuffer::getFile(Path);
  if (!Buf)
    return createStringError(Path + ": " + Buf.getError().message());
  return (*Buf)->getBuffer().str();
}

// Debian's headers packages keep the upstream version in kernel.release
// (6.1.192 for 6.1.0-57-cloud-amd64) and the real release in utsrelease.h:
// utsrelease.h first.
Expected<std::optional<std::string>> readKernelRelease(StringRef KDir) {
  std::string Uts = (KDir + "/include/generated/utsrelease.h").str();
  Expected<std::optional<std::string>> Text = readFile(Uts);
  if (!Text)
    return Text.takeError();
  if (*Text) {
    Expected<std::string> R = parseUtsRelease(**Text, Uts);
    if (!R)
      return R.takeError();
    return std::optional<std::string>(std::move(*R));
  }
  std::string Rel = (KDir + "/include/config/kernel.release").str();
  Text = readFile(Rel);
  if (!Text)
    return Text.takeError();
  if (!*Text)
    return std::nullopt;
  StringRef R = StringRef(**Text).trim();
  if (R.empty() || R.contains_insensitive(" "))
    return createStringError(Rel + ": expected one release string");
  return std::optional<std::string>(R.str());
}

} // namespace klp
