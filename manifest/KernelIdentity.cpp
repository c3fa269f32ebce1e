//===- manifest/KernelIdentity.cpp - Which kernel build a manifest is -----===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "manifest/KernelIdentity.h"

#include "lld-ext/elf/ElfModule.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/BinaryFormat/ELF.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/MathExtras.h"

using namespace llvm;

namespace klp {

std::string KernelIdentity::describe() const {
  if (Release.empty() && VmlinuxBuildId.empty())
    return "no kernel identity";
  std::string Out = Release.empty() ? "unknown release" : Release;
  if (!VmlinuxBuildId.empty())
    Out += ", vmlinux build ID " + VmlinuxBuildId;
  return Out;
}

// Keys: "release", "vmlinux.build-id", "module.<name>.build-id",
// "module.<name>.srcversion". Values hold no NUL.
std::string KernelIdentity::serialize() const {
  std::map<std::string, std::string> Entries;
  if (!Release.empty())
    Entries["release"] = Release;
  if (!VmlinuxBuildId.empty())
    Entries["vmlinux.build-id"] = VmlinuxBuildId;
  for (const auto &[Name, M] : Modules) {
    if (!M.BuildId.empty())
      Entries["module." + Name + ".build-id"] = M.BuildId;
    if (!M.SrcVersion.empty())
      Entries["module." + Name + ".srcversion"] = M.SrcVersion;
  }
  std::string Out;
  for (const auto &[Key, Value] : Entries)
    Out += Key + "=" + Value + '\0';
  return Out;
}

Expected<KernelIdentity> KernelIdentity::parse(StringRef Block) {
  KernelIdentity Id;
  if (Block.empty())
    return Id;
  if (Block.back() != '\0')
    return createStringError("identity block does not end with a NUL");
  SmallVector<StringRef, 8> Entries;
  Block.drop_back().split(Entries, '\0');
  for (StringRef E : Entries) {
    auto [Key, Value] = E.split('=');
    if (Value.empty() || Key.size() == E.size())
      return createStringError("identity entry '" + E + "' is not key=value");
    if (Key == "release") {
      Id.Release = Value.str();
    } else if (Key == "vmlinux.build-id") {
      Id.VmlinuxBuildId = Value.str();
    } else if (Key.consume_front("module.")) {
      if (Key.consume_back(".build-id"))
        Id.Modules[Key.str()].BuildId = Value.str();
      else if (Key.consume_back(".srcversion"))
        Id.Modules[Key.str()].SrcVersion = Value.str();
      else
        return createStringError("unknown identity key 'module." + Key + "'");
    } else {
      return createStringError("unknown identity key '" + Key + "'");
    }
  }
  return Id;
}

static Error mergeField(std::string &Mine, const std::string &Theirs,
                        StringRef What) {
  if (Theirs.empty())
    return Error::success();
  if (Mine.empty()) {
    Mine = Theirs;
    return Error::success();
  }
  if (Mine != Theirs)
    return createStringError(
        "the inputs come from different kernel builds: " + What + " is '" +
        Mine + "' in one and '" + Theirs + "' in another");
  return Error::success();
}

Error KernelIdentity::merge(const KernelIdentity &Other) {
  if (Error E = mergeField(Release, Other.Release, "the release"))
    return E;
  if (Error E = mergeField(VmlinuxBuildId, Other.VmlinuxBuildId,
                           "the vmlinux build ID"))
    return E;
  for (const auto &[Name, M] : Other.Modules) {
    ModuleIdentity &Mine = Modules[Name];
    if (Error E = mergeField(Mine.BuildId, M.BuildId,
                             "the build ID of module '" + Name + "'"))
      return E;
    if (Error E = mergeField(Mine.SrcVersion, M.SrcVersion,
                             "the srcversion of module '" + Name + "'"))
      return E;
  }
  return Error::success();
}

Expected<std::optional<std::string>> findGnuBuildId(ArrayRef<uint8_t> Notes,
                                                    bool IsLittleEndian) {
  auto Read32 = [&](size_t Off) {
    return IsLittleEndian ? support::endian::read32le(Notes.data() + Off)
                          : support::endian::read32be(Notes.data() + Off);
  };
  size_t Off = 0;
  while (Off + 12 <= Notes.size()) {
    uint64_t NameSize = Read32(Off), DescSize = Read32(Off + 4);
    uint32_t Type = Read32(Off + 8);
    uint64_t NameOff = Off + 12;
    uint64_t DescOff = NameOff + alignTo(NameSize, 4);
    uint64_t End = DescOff + alignTo(DescSize, 4);
    if (End > Notes.size())
      return createStringError("ELF note at offset " + Twine(Off) +
                               " runs past the end of the notes");
    StringRef Name(reinterpret_cast<const char *>(Notes.data() + NameOff),
                   NameSize);
    if (Type == ELF::NT_GNU_BUILD_ID && Name == StringRef("GNU\0", 4) &&
        DescSize > 0)
      return std::optional<std::string>(
          toHex(Notes.slice(DescOff, DescSize), /*LowerCase=*/true));
    Off = End;
  }
  return std::optional<std::string>();
}

// A module keeps the note in .note.gnu.build-id; vmlinux's linker script
// gathers every note into .notes: look at every note section.
Expected<std::optional<std::string>> findGnuBuildId(const ElfModule &M) {
  for (const ElfModuleSection &S : M.sections()) {
    if (S.Type != ELF::SHT_NOTE)
      continue;
    Expected<std::optional<std::string>> Id =
        findGnuBuildId(S.Contents, M.isLittleEndian());
    if (!Id)
      return createStringError("section '" + S.Name +
                               "': " + toString(Id.takeError()));
    if (*Id)
      return Id;
  }
  return std::optional<std::string>();
}

} // namespace klp
