//===- manifest/InputFile.cpp - Read an input file whole ------------------===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "manifest/InputFile.h"

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

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

Expected<ElfInput> readElfInput(StringRef Path, StringRef What) {
  Expected<std::unique_ptr<MemoryBuffer>> Buf = readInputFile(Path, What);
  if (!Buf)
    return Buf.takeError();
  // Relocations are not read: a debug vmlinux has hundreds of MB of them.
  Expected<ElfModule> Elf =
      ElfModule::read(Path, (*Buf)->getBuffer(), ElfChecks::Symbols);
  if (!Elf)
    return Elf.takeError();
  if (!Elf->symtabIndex())
    return fileError(Path, "no symbol table (.symtab); kallsyms cannot be "
                           "reconstructed from a stripped file");
  return ElfInput{std::move(*Buf), std::move(*Elf)};
}

Error forEachLine(StringRef Text, function_ref<Error(StringRef, unsigned)> Fn) {
  unsigned Number = 0;
  while (!Text.empty()) {
    ++Number;
    size_t End = Text.find('\n');
    StringRef Line = Text.take_front(End);
    Text = End == StringRef::npos ? StringRef() : Text.drop_front(End + 1);
    Line.consume_back("\r");
    if (Line.trim().empty())
      continue;
    if (Error E = Fn(Line, Number))
      return E;
  }
  return Error::success();
}

static std::string escaped(StringRef Name) {
  std::string S;
  raw_string_ostream OS(S);
  OS.write_escaped(Name, /*UseHexEscapes=*/true);
  return S;
}

Error checkNameBytes(StringRef Name, StringRef What, size_t Column) {
  size_t Bad = Name.find('\0');
  std::string Why = "a NUL byte";
  if (Bad == StringRef::npos) {
    size_t ErrOffset;
    if (json::isUTF8(Name, &ErrOffset))
      return Error::success();
    Bad = ErrOffset;
    Why = formatv("a byte that is not UTF-8 (0x{0:x-2})",
                  unsigned(static_cast<uint8_t>(Name[Bad])))
              .str();
  }
  return createStringError(formatv("{0} '{1}' has {2} at column {3}; the "
                                   "file is damaged, or not the kind of input "
                                   "it was given as",
                                   What, escaped(Name), Why, Column + Bad));
}

} // namespace klp
