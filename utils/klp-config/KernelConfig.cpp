//===- utils/klp-config/KernelConfig.cpp - A kernel's Kconfig values ------===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "KernelConfig.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

using namespace llvm;

namespace klp {

Expected<KernelConfig> KernelConfig::load(StringRef KDir) {
  if (!sys::fs::is_directory(KDir))
    return createStringError("kernel directory '" + KDir + "' does not exist");
  for (StringRef Rel : {"include/config/auto.conf", ".config"}) {
    SmallString<256> P(KDir);
    sys::path::append(P, Rel);
    if (!sys::fs::exists(P))
      continue;
    ErrorOr<std::unique_ptr<MemoryBuffer>> Buf = MemoryBuffer::getFile(P);
    if (!Buf)
      return createStringError(Buf.getError(), "cannot read " + P + ": " +
                                                   Buf.getError().message());
    return parse((*Buf)->getBuffer(), P);
  }
  return createStringError(
      "'" + KDir +
      "' is not a configured kernel tree: neither include/config/auto.conf "
      "nor .config exists there; point --kernel at the kernel's build "
      "directory or headers (the KDIR of make -C KDIR M=...)");
}

Expected<KernelConfig> KernelConfig::parse(StringRef Text, StringRef Path) {
  KernelConfig C;
  C.Path = Path.str();
  unsigned LineNo = 0;
  while (!Text.empty()) {
    StringRef Line;
    std::tie(Line, Text) = Text.split('\n');
    ++LineNo;
    Line = Line.trim();
    // "# CONFIG_FOO is not set" and comments carry no value.
    if (Line.empty() || Line.starts_with("#"))
      continue;
    auto [Name, Value] = Line.split('=');
    if (!Name.starts_with("CONFIG_") || Name.size() == Line.size())
      return createStringError(Path + ":" + Twine(LineNo) +
                               ": not a CONFIG_NAME=value line: '" + Line +
                               "'");
    // .config quotes strings; auto.conf stopped doing so in 5.17. Kconfig
    // escapes only '"' and '\' inside the quotes.
    std::string V;
    if (Value.size() >= 2 && Value.front() == '"' && Value.back() == '"') {
      StringRef Inner = Value.drop_front().drop_back();
      for (size_t I = 0; I < Inner.size(); ++I) {
        if (Inner[I] == '\\' && I + 1 < Inner.size())
          ++I;
        V += Inner[I];
      }
    } else {
      V = Value.str();
    }
    C.Values[Name] = std::move(V);
  }
  return C;
}

StringRef KernelConfig::get(StringRef Symbol) const {
  auto It = Values.find(Symbol);
  return It == Values.end() ? StringRef() : StringRef(It->second);
}

} // namespace klp
