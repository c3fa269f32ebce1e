//===- lld-ext/elf/Modinfo.cpp - .modinfo as the kernel reads it ----------===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "lld-ext/elf/Modinfo.h"

#include "lld-ext/elf/ElfModule.h"

#include "format/KlpFormat.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"

using namespace llvm;

namespace klp {

std::optional<StringRef> findModinfoEntry(StringRef Contents, StringRef Tag) {
  while (!Contents.empty()) {
    auto [Entry, Rest] = Contents.split('\0');
    Contents = Rest;
    if (Entry.consume_front(Tag) && Entry.consume_front("="))
      return Entry;
  }
  return std::nullopt;
}

std::optional<StringRef> findModinfo(const ElfModule &M, StringRef Tag) {
  const ElfModuleSection *Sec = M.findSection(ModinfoSectionName);
  if (!Sec)
    return std::nullopt;
  return findModinfoEntry(Sec->contentsAsString(), Tag);
}

bool hasLivepatchEntry(StringRef Contents) {
  return findModinfoEntry(Contents, "livepatch").has_value();
}

bool hasLivepatchEntry(const ElfModule &M) {
  return findModinfo(M, "livepatch").has_value();
}

std::optional<StringRef> kernelModuleName(const ElfModule &M) {
  if (std::optional<StringRef> Name = findModinfo(M, "name"))
    return Name;
  const ElfModuleSection *This = M.findSection(ThisModuleSectionName);
  if (!This)
    return std::nullopt;
  StringRef Bytes = This->contentsAsString();
  size_t Off = M.is64() ? 24 : 12;
  if (Bytes.size() <= Off)
    return std::nullopt;
  StringRef Name = Bytes.drop_front(Off);
  Name = Name.take_front(Name.find('\0'));
  if (Name.empty() || Name.size() > MaxObjectNameLen ||
      !all_of(Name, [](char C) { return isAlnum(C) || C == '_' || C == '-'; }))
    return std::nullopt;
  return Name;
}

} // namespace klp
