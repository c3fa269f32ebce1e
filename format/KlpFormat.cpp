//===- format/KlpFormat.cpp - Livepatch ELF names and the mark contract ---===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "format/KlpFormat.h"

#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace klp {

static Error makeError(const Twine &Msg) {
  return createStringError(inconvertibleErrorCode(), Msg);
}

std::string normalizeObjectName(StringRef Name) {
  std::string Out = Name.str();
  for (char &C : Out)
    if (C == '-')
      C = '_';
  return Out;
}

static bool hasSpaceOrControl(StringRef S) {
  return llvm::any_of(S, [](unsigned char C) { return C <= ' ' || C == 0x7f; });
}

Error checkKernelSymbolRef(const KernelSymbolRef &Ref) {
  if (Ref.Object.empty())
    return makeError("empty object name for symbol '" + Ref.Name + "'");
  if (Ref.Object.size() > MaxObjectNameLen)
    return makeError(formatv("object name '{0}' has {1} characters; the "
                             "kernel reads at most {2} (MODULE_NAME_LEN - 1)",
                             Ref.Object, Ref.Object.size(), MaxObjectNameLen));
  if (StringRef(Ref.Object).contains('.') || hasSpaceOrControl(Ref.Object))
    return makeError("object name '" + Ref.Object +
                     "' contains a dot or a space; the kernel cannot parse it");
  if (Ref.Name.empty())
    return makeError("empty symbol name in object '" + Ref.Object + "'");
  if (Ref.Name.size() > MaxSymbolNameLen)
    return makeError(formatv("symbol name '{0}...' has {1} characters; the "
                             "kernel reads at most {2} (KSYM_NAME_LEN - 1)",
                             StringRef(Ref.Name).take_front(40),
                             Ref.Name.size(), MaxSymbolNameLen));
  if (StringRef(Ref.Name).contains(',') || hasSpaceOrControl(Ref.Name))
    return makeError("symbol name '" + Ref.Name +
                     "' contains a comma or a space; the kernel cannot "
                     "parse it in a .klp.sym name");
  return Error::success();
}

std::string formatKlpSymbolName(const KernelSymbolRef &Ref) {
  return (KlpSymPrefix + Ref.Object + "." + Ref.Name + "," + Twine(Ref.SymPos))
      .str();
}

// "<obj>.<name>,<pos>", the part after the prefix.
static Expected<KernelSymbolRef> parseObjNamePos(StringRef Whole,
                                                 StringRef Rest) {
  auto Bad = [&](const Twine &Why) {
    return makeError("livepatch symbol '" + Whole + "' is malformed: " + Why +
                     " (expected .klp.sym.<object>.<symbol>,<sympos>)");
  };
  size_t Dot = Rest.find('.');
  if (Dot == StringRef::npos || Dot == 0)
    return Bad("no object name");
  size_t Comma = Rest.rfind(',');
  if (Comma == StringRef::npos || Comma < Dot)
    return Bad("no ',<sympos>'");
  KernelSymbolRef Ref;
  Ref.Object = Rest.take_front(Dot).str();
  Ref.Name = Rest.slice(Dot + 1, Comma).str();
  StringRef Pos = Rest.drop_front(Comma + 1);
  if (Pos.empty() || !llvm::all_of(Pos, isDigit) ||
      Pos.getAsInteger(10, Ref.SymPos))
    return Bad("sympos '" + Pos + "' is not a decimal number");
  if (Error E = checkKernelSymbolRef(Ref))
    return Bad(toString(std::move(E)));
  return Ref;
}

Expected<KernelSymbolRef> parseKlpSymbolName(StringRef Name) {
  if (!Name.starts_with(KlpSymPrefix))
    return makeError("'" + Name + "' is not a .klp.sym name");
  return parseObjNamePos(Name, Name.drop_front(KlpSymPrefix.size()));
}

Expected<KernelSymbolRef> parseSuseKlpSymbolName(StringRef Name,
                                                 std::string *LivepatchObject) {
  if (!Name.starts_with(SuseKlpSymPrefix))
    return makeError("'" + Name + "' is not a .klp.sym.rela name");
  StringRef Rest = Name.drop_front(SuseKlpSymPrefix.size());
  size_t Dot = Rest.find('.');
  if (Dot == StringRef::npos || Dot == 0)
    return makeError("livepatch symbol '" + Name +
                     "' is malformed: expected "
                     ".klp.sym.rela.<livepatch>.<object>.<symbol>,<sympos>");
  if (LivepatchObject)
    *LivepatchObject = Rest.take_front(Dot).str();
  return parseObjNamePos(Name, Rest.drop_front(Dot + 1));
}

std::string formatKlpRelaSectionName(StringRef Object,
                                     StringRef TargetSection) {
  return (KlpRelaPrefix + Object + "." + TargetSection.ltrim('.')).str();
}

Expected<std::pair<std::string, std::string>>
parseKlpRelaSectionName(StringRef Name) {
  if (!Name.starts_with(KlpRelaPrefix))
    return makeError("'" + Name + "' is not a .klp.rela section name");
  StringRef Rest = Name.drop_front(KlpRelaPrefix.size());
  size_t Dot = Rest.find('.');
  if (Dot == 0 || Dot == StringRef::npos)
    return makeError("section '" + Name +
                     "' is malformed: expected .klp.rela.<object>.<section>");
  StringRef Obj = Rest.take_front(Dot);
  if (Obj.size() > MaxObjectNameLen)
    return makeError(formatv("section '{0}': object name has {1} characters; "
                             "the kernel reads {2} and the section would never "
                             "be applied",
                             Name, Obj.size(), MaxObjectNameLen));
  return std::make_pair(Obj.str(), Rest.drop_front(Dot + 1).str());
}

std::string formatMarkRecord(const Mark &M) {
  return formatv("{0} {1} {2} {3} {4}", MarkContractVersion, M.Target.Object,
                 M.Target.SymPos, M.Target.Name, M.LinkName)
      .str();
}

// Mark names are kernel names or asm labels; escape what an assembler
// string cannot hold as it is.
static void writeAsmString(raw_ostream &OS, StringRef S) {
  OS << '"';
  for (unsigned char C : S) {
    if (C == '"' || C == '\\')
      OS << '\\' << C;
    else if (isPrint(C))
      OS << C;
    else
      OS << '\\' << char('0' + ((C >> 6) & 7)) << char('0' + ((C >> 3) & 7))
         << char('0' + (C & 7));
  }
  OS << '"';
}

std::string formatMarkSectionAsm(ArrayRef<Mark> Marks) {
  std::string Asm;
  raw_string_ostream OS(Asm);
  // "%note": '@' starts a comment on ARM; every ELF assembler takes '%'.
  OS << "\t.pushsection " << MarkSectionName << ",\"\",%note\n";
  for (const Mark &M : Marks) {
    std::string Record = formatMarkRecord(M);
    // Elf_Nhdr: namesz, descsz, type; then name and descriptor, each padded
    // to 4 bytes. Both strings keep their NUL.
    OS << "\t.balign 4\n\t.long " << MarkNoteOwner.size() + 1 << ", "
       << Record.size() + 1 << ", " << MarkNoteType << "\n\t.asciz ";
    writeAsmString(OS, MarkNoteOwner);
    OS << "\n\t.balign 4\n\t.asciz ";
    writeAsmString(OS, Record);
    OS << "\n";
  }
  OS << "\t.balign 4\n\t.popsection";
  return Asm;
}

static Expected<Mark> parseMarkRecord(StringRef Record, StringRef Where,
                                      uint64_t Offset) {
  auto Bad = [&](const Twine &Why) {
    return makeError(formatv("{0}: {1} note at offset {2} ('{3}'): {4}", Where,
                             MarkSectionName, Offset, Record, Why)
                         .str());
  };
  SmallVector<StringRef, 5> Fields;
  Record.split(Fields, ' ');
  if (Fields[0] != "1")
    return Bad("mark contract version '" + Fields[0] +
               "' is not supported by this klp-llvm (it reads version 1); "
               "rebuild the objects with the matching plugin");
  if (Fields.size() != 5)
    return Bad("expected '1 <object> <sympos> <name> <linkname>'");
  Mark M;
  M.Target.Object = Fields[1].str();
  M.Target.Name = Fields[3].str();
  M.LinkName = Fields[4].str();
  if (!llvm::all_of(Fields[2], isDigit) ||
      Fields[2].getAsInteger(10, M.Target.SymPos))
    return Bad("sympos '" + Fields[2] + "' is not a decimal number");
  if (M.LinkName.empty())
    return Bad("empty link name");
  if (Error E = checkKernelSymbolRef(M.Target))
    return Bad(toString(std::move(E)));
  return M;
}

Expected<std::vector<Mark>>
parseMarkSection(ArrayRef<uint8_t> Data, bool IsLittleEndian, StringRef Where) {
  auto Read32 = [&](uint64_t Off) {
    return IsLittleEndian ? support::endian::read32le(Data.data() + Off)
                          : support::endian::read32be(Data.data() + Off);
  };
  auto Truncated = [&](uint64_t Off) {
    return makeError(formatv("{0}: {1}: note at offset {2} runs past the end "
                             "of the section; the object was truncated or "
                             "not written by klp-llvm",
                             Where, MarkSectionName, Off)
                         .str());
  };
  std::vector<Mark> Marks;
  // Every object that referenced a symbol carries its record, so a module
  // repeats most records many times: parse each distinct one once.
  DenseSet<StringRef> Seen;
  uint64_t Offset = 0;
  while (Offset < Data.size()) {
    if (Data.size() - Offset < 12) {
      // Zero padding a linker put between two objects' notes.
      if (llvm::all_of(Data.drop_front(Offset), [](uint8_t B) { return !B; }))
        break;
      return Truncated(Offset);
    }
    uint64_t NameSize = Read32(Offset), DescSize = Read32(Offset + 4);
    uint32_t Type = Read32(Offset + 8);
    uint64_t NameOff = Offset + 12;
    uint64_t DescOff = NameOff + alignTo(NameSize, 4);
    uint64_t End = DescOff + alignTo(DescSize, 4);
    if (End > Data.size())
      return Truncated(Offset);
    StringRef Name(reinterpret_cast<const char *>(Data.data() + NameOff),
                   NameSize);
    StringRef Desc(reinterpret_cast<const char *>(Data.data() + DescOff),
                   DescSize);
    uint64_t NoteOffset = Offset;
    Offset = End;
    if (Name.empty() && Desc.empty())
      continue; // padding
    if (Name.size() != MarkNoteOwner.size() + 1 || Name.back() != '\0' ||
        Name.drop_back() != MarkNoteOwner || Type != MarkNoteType)
      continue; // another tool's note
    if (Desc.empty() || Desc.back() != '\0')
      return makeError(formatv("{0}: {1} note at offset {2}: the record does "
                               "not end with a NUL",
                               Where, MarkSectionName, NoteOffset)
                           .str());
    if (!Seen.insert(Desc).second)
      continue;
    Expected<Mark> M = parseMarkRecord(Desc.drop_back(), Where, NoteOffset);
    if (!M)
      return M.takeError();
    Marks.push_back(std::move(*M));
  }
  return Marks;
}

} // namespace klp
