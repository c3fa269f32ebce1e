//===- manifest/InputFile.cpp - Read an input file whole ------------------===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "manifest/InputFile.h"

using namespace llvm;

namespace klp {

Expected<std::unique_ptr<MemoryBuffer>> readInputFile(StringRef Path,
                                                      StringRef What) {
  auto Fail = [&](std::error_code EC) {
    return createStringError(EC, "cannot read " + What + " " + Path + ": " +
                                     EC.message());
  };
  ErrorOr<std::unique_ptr<MemoryBuffer>> Buf = MemoryBuffer::getFile(
      Path, /*IsText=*/false, /*RequiresNullTerminator=*/false);
  if (!Buf)
    return Fail(Buf.getError());
  if ((*Buf)->getBufferSize() != 0)
    return std::move(*Buf);
  // procfs files claim to be empty; read until end of file instead.
  ErrorOr<std::unique_ptr<MemoryBuffer>> Stream =
      MemoryBuffer::getFileAsStream(Path);
  if (!Stream)
    return Fail(Stream.getError());
  return std::move(*Stream);
}

} // namespace klp
