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

Error checkObjectName(StringRef Object) {
  if (Object.empty())
    return createStringError("empty object name");
  if (Object.size() > MaxObjectNameLen)
    return createStringError(
        formatv("object name '{0}' has {1} characters; the "
                "kernel reads at most {2} (MODULE_NAME_LEN - 1)",
                Object, Object.size(), MaxObjectNameLen));
  if (Object.contains('.') || hasSpaceOrControl(Object))
    return createStringError(
        "object name '" + Object +
        "' contains a dot or a space; the kernel cannot parse it");
  return Error::success();
}

Error checkModuleName(StringRef Module) {
  if (Module == VmlinuxObject)
    return createStringError("'vmlinux' is not a module name");
  return checkObjectName(Module);
}

Error checkSymbolName(StringRef Name) {
  if (Name.empty())
    return createStringError("empty symbol name");
  if (Name.size() > MaxSymbolNameLen)
    return createStringError(
        formatv("symbol name '{0}...' has {1} characters; the "
                "kernel reads at most {2} (KSYM_NAME_LEN - 1)",
                Name.take_front(40), Name.size(), MaxSymbolNameLen));
  if (Name.contains(',') || hasSpaceOrControl(Name))
    return createStringError("symbol name '" + Name +
                             "' contains a comma or a space; the kernel cannot "
                             "parse it in a .klp.sym name");
  return Error::success();
}

Error checkKernelSymbolRef(const KernelSymbolRef &Ref) {
  if (Ref.Object.empty())
    return createStringError("empty object name for symbol '" + Ref.Name + "'");
  if (Error E = checkObjectName(Ref.Object))
    return E;
  if (Ref.Name.empty())
    return createStringError("empty symbol name in object '" + Ref.Object +
                             "'");
  return checkSymbolName(Ref.Name);
}

std::string formatKlpSymbolName(const KernelSymbolRef &Ref) {
  return (KlpSymPrefix + Ref.Object + "." + Ref.Name + "," + Twine(Ref.SymPos))
      .str();
}

static constexpr StringLiteral KlpSymForm =
    ".klp.sym.<object>.<symbol>,<sympos>";
static constexpr StringLiteral SuseForms =
    ".klp.sym.rela.<livepatch>.<object>.<symbol>,<sympos> or "
    ".klp.sym.rela.<livepatch>.<object>.<symbol>.<sympos>";

// A name's parts as parsing finds them; the checks are common to all forms.
static Expected<KernelSymbolRef> checkParts(StringRef Whole, StringRef Form,
                                            StringRef Object, StringRef Name,
                                            StringRef Pos) {
  auto Bad = [&](const Twine &Why) {
    return createStringError("livepatch symbol '" + Whole + "' is malformed: " +
                             Why + " (expected " + Form + ")");
  };
  KernelSymbolRef Ref;
  Ref.Object = Object.str();
  Ref.Name = Name.str();
  if (Pos.empty() || !llvm::all_of(Pos, isDigit) ||
      Pos.getAsInteger(10, Ref.SymPos))
    return Bad("sympos '" + Pos + "' is not a decimal number");
  if (Error E = checkKernelSymbolRef(Ref))
    return Bad(toString(std::move(E)));
  return Ref;
}

// "<obj>.<name>,<pos>", the part after the prefix; \p Whole names the
// symbol in messages.
static Expected<KernelSymbolRef>
parseObjNameCommaPos(StringRef Whole, StringRef Rest, StringRef Form) {
  size_t Dot = Rest.find('.');
  size_t Comma = Rest.rfind(',');
  if (Dot == StringRef::npos || Dot == 0)
    return createStringError("livepatch symbol '" + Whole +
                             "' is malformed: no object name (expected " +
                             Form + ")");
  if (Comma == StringRef::npos || Comma < Dot)
    return createStringError("livepatch symbol '" + Whole +
                             "' is malformed: no ',<sympos>' (expected " +
                             Form + ")");
  return checkParts(Whole, Form, Rest.take_front(Dot),
                    Rest.slice(Dot + 1, Comma), Rest.drop_front(Comma + 1));
}

// SUSE v3's "<obj>.<name>.<pos>": the position follows the last dot, since
// symbol names may hold dots (foo.isra.0, foo.cold) but never end in one
// that a position would follow.
static Expected<KernelSymbolRef> parseObjNameDotPos(StringRef Whole,
                                                    StringRef Rest) {
  size_t Dot = Rest.find('.');
  size_t Last = Rest.rfind('.');
  if (Dot == StringRef::npos || Dot == 0)
    return createStringError("livepatch symbol '" + Whole +
                             "' is malformed: no object name (expected " +
                             SuseForms + ")");
  if (Last == Dot)
    return createStringError(
        "livepatch symbol '" + Whole +
        "' is malformed: no ',<sympos>' or '.<sympos>' after "
        "the symbol name (expected " +
        SuseForms + ")");
  return checkParts(Whole, SuseForms, Rest.take_front(Dot),
                    Rest.slice(Dot + 1, Last), Rest.drop_front(Last + 1));
}

Expected<KernelSymbolRef> parseKlpSymbolName(StringRef Name) {
  if (!Name.starts_with(KlpSymPrefix))
    return createStringError("'" + Name + "' is not a .klp.sym name");
  return parseObjNameCommaPos(Name, Name.drop_front(KlpSymPrefix.size()),
                              KlpSymForm);
}

// \p Whole is the symbol as written (quoted, perhaps), \p Name the label.
static Expected<KernelSymbolRef> parseSuseLabel(StringRef Whole, StringRef Name,
                                                std::string *LivepatchObject,
                                                bool *IsV3) {
  if (!Name.starts_with(SuseKlpSymPrefix))
    return createStringError("'" + Whole + "' is not a .klp.sym.rela name");
  StringRef Rest = Name.drop_front(SuseKlpSymPrefix.size());
  size_t Dot = Rest.find('.');
  if (Dot == StringRef::npos || Dot == 0)
    return createStringError("livepatch symbol '" + Whole +
                             "' is malformed: expected " + SuseForms);
  if (LivepatchObject)
    *LivepatchObject = Rest.take_front(Dot).str();
  Rest = Rest.drop_front(Dot + 1);
  // Kernel symbol names never hold a comma: one means v2.
  bool V3 = !Rest.contains(',');
  if (IsV3)
    *IsV3 = V3;
  if (V3)
    return parseObjNameDotPos(Whole, Rest);
  return parseObjNameCommaPos(Whole, Rest, SuseForms);
}

Expected<KernelSymbolRef> parseSuseKlpSymbolName(StringRef Name,
                                                 std::string *LivepatchObject) {
  return parseSuseLabel(Name, Name, LivepatchObject, nullptr);
}

StringRef unquoteLabel(StringRef SymbolName) {
  if (SymbolName.size() >= 2 && SymbolName.front() == '"' &&
      SymbolName.back() == '"')
    return SymbolName.drop_front().drop_back();
  return SymbolName;
}

Expected<KlpLabel> parseKlpLabel(StringRef SymbolName) {
  KlpLabel L;
  StringRef Name = unquoteLabel(SymbolName);
  L.Quoted = Name.size() != SymbolName.size();
  if (!isSuseKlpSymbolName(Name)) {
    if (!Name.starts_with(KlpSymPrefix))
      return createStringError("'" + SymbolName + "' is not a .klp.sym name");
    Expected<KernelSymbolRef> Ref = parseObjNameCommaPos(
        SymbolName, Name.drop_front(KlpSymPrefix.size()), KlpSymForm);
    if (!Ref)
      return Ref.takeError();
    L.Target = std::move(*Ref);
    return L;
  }
  bool V3 = false;
  Expected<KernelSymbolRef> Ref =
      parseSuseLabel(SymbolName, Name, &L.LivepatchObject, &V3);
  if (!Ref)
    return Ref.takeError();
  // <lp_obj> names the .klp.rela sections klp-convert writes: it must be a
  // name the kernel can read there.
  if (Error E = checkObjectName(L.LivepatchObject))
    return createStringError(
        "livepatch symbol '" + SymbolName +
        "': the livepatch object name is unusable: " + toString(std::move(E)));
  L.Target = std::move(*Ref);
  L.Kind = V3 ? KlpLabel::Form::SuseV3 : KlpLabel::Form::SuseV2;
  return L;
}

std::string formatKlpRelaSectionName(StringRef Object,
                                     StringRef TargetSection) {
  return (KlpRelaPrefix + Object + "." + TargetSection.ltrim('.')).str();
}

Expected<std::pair<std::string, std::string>>
parseKlpRelaSectionName(StringRef Name) {
  if (!Name.starts_with(KlpRelaPrefix))
    return createStringError("'" + Name + "' is not a .klp.rela section name");
  StringRef Rest = Name.drop_front(KlpRelaPrefix.size());
  size_t Dot = Rest.find('.');
  if (Dot == 0 || Dot == StringRef::npos)
    return createStringError(
        "section '" + Name +
        "' is malformed: expected .klp.rela.<object>.<section>");
  StringRef Obj = Rest.take_front(Dot);
  if (Obj.size() > MaxObjectNameLen)
    return createStringError(
        formatv("section '{0}': object name has {1} characters; "
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

std::string formatDeferredRecord(const DeferredReference &D) {
  return formatv("{0} {1} {2} {3}", MarkContractVersion, D.LinkName, D.Origin,
                 D.Reason)
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

// Elf_Nhdr: namesz, descsz, type; then name and descriptor, each padded to
// 4 bytes. Both strings keep their NUL.
static void writeNoteAsm(raw_ostream &OS, uint32_t Type, StringRef Record) {
  OS << "\t.balign 4\n\t.long " << MarkNoteOwner.size() + 1 << ", "
     << Record.size() + 1 << ", " << Type << "\n\t.asciz ";
  writeAsmString(OS, MarkNoteOwner);
  OS << "\n\t.balign 4\n\t.asciz ";
  writeAsmString(OS, Record);
  OS << "\n";
}

std::string BuildIdentity::describe() const {
  std::string Out = Release.empty() ? "unknown release" : Release;
  if (!VmlinuxBuildId.empty())
    Out += ", vmlinux build ID " + VmlinuxBuildId;
  return Out;
}

std::string formatIdentityRecord(const BuildIdentity &Id) {
  std::string Out = std::to_string(MarkContractVersion);
  if (!Id.Release.empty())
    Out += " release=" + Id.Release;
  if (!Id.VmlinuxBuildId.empty())
    Out += " vmlinux.build-id=" + Id.VmlinuxBuildId;
  return Out;
}

std::string formatMarkSectionAsm(ArrayRef<Mark> Marks,
                                 ArrayRef<DeferredReference> Deferred,
                                 const BuildIdentity &Id) {
  std::string Asm;
  raw_string_ostream OS(Asm);
  // "%note": '@' starts a comment on ARM; every ELF assembler takes '%'.
  OS << "\t.pushsection " << MarkSectionName << ",\"\",%note\n";
  if (!Id.Release.empty() || !Id.VmlinuxBuildId.empty())
    writeNoteAsm(OS, IdentityNoteType, formatIdentityRecord(Id));
  for (const Mark &M : Marks)
    writeNoteAsm(OS, MarkNoteType, formatMarkRecord(M));
  for (const DeferredReference &D : Deferred)
    writeNoteAsm(OS, DeferredNoteType, formatDeferredRecord(D));
  OS << "\t.balign 4\n\t.popsection";
  return Asm;
}

std::vector<uint8_t> formatMarkNote(uint32_t Type, StringRef Record,
                                    bool IsLittleEndian) {
  std::vector<uint8_t> Out;
  auto Put32 = [&](uint32_t V) {
    uint8_t B[4];
    if (IsLittleEndian)
      support::endian::write32le(B, V);
    else
      support::endian::write32be(B, V);
    Out.insert(Out.end(), B, B + 4);
  };
  auto PutPadded = [&](StringRef S) {
    Out.insert(Out.end(), S.begin(), S.end());
    Out.push_back(0);
    Out.resize(alignTo(Out.size(), 4), 0);
  };
  Put32(MarkNoteOwner.size() + 1);
  Put32(Record.size() + 1);
  Put32(Type);
  PutPadded(MarkNoteOwner);
  PutPadded(Record);
  return Out;
}

std::vector<uint8_t> formatIdentityNote(const BuildIdentity &Id,
                                        bool IsLittleEndian) {
  return formatMarkNote(IdentityNoteType, formatIdentityRecord(Id),
                        IsLittleEndian);
}

namespace {
/// One note's record, located for messages.
struct NoteRecord {
  StringRef Text; ///< without the NUL
  StringRef Where;
  uint64_t Offset;

  Error bad(const Twine &Why) const {
    return createStringError(formatv("{0}: {1} note at offset {2} ('{3}'): {4}",
                                     Where, MarkSectionName, Offset, Text, Why)
                                 .str());
  }
  /// The contract version the record starts with, or an error for one this
  /// reader does not know.
  Expected<unsigned> version() const {
    StringRef Field = Text.take_until([](char C) { return C == ' '; });
    unsigned V = 0;
    if (Field.getAsInteger(10, V) || V < 1 || V > MarkContractVersion)
      return bad(formatv("mark contract version '{0}' is not supported by "
                         "this klp-llvm (it reads versions 1 to {1}); rebuild "
                         "the objects with the matching plugin",
                         Field, MarkContractVersion));
    return V;
  }
};
} // namespace

// "<version> <object> <sympos> <name> <linkname>", versions 1 and 2.
static Expected<Mark> parseMarkRecord(const NoteRecord &R) {
  if (Expected<unsigned> V = R.version(); !V)
    return V.takeError();
  SmallVector<StringRef, 5> Fields;
  R.Text.split(Fields, ' ');
  if (Fields.size() != 5)
    return R.bad("expected '<version> <object> <sympos> <name> <linkname>'");
  Mark M;
  M.Target.Object = Fields[1].str();
  M.Target.Name = Fields[3].str();
  M.LinkName = Fields[4].str();
  if (!llvm::all_of(Fields[2], isDigit) ||
      Fields[2].getAsInteger(10, M.Target.SymPos))
    return R.bad("sympos '" + Fields[2] + "' is not a decimal number");
  if (M.LinkName.empty())
    return R.bad("empty link name");
  if (Error E = checkKernelSymbolRef(M.Target))
    return R.bad(toString(std::move(E)));
  return M;
}

// "2 key=value...", version 2 only; unknown keys are a later writer's.
static Expected<BuildIdentity> parseIdentityRecord(const NoteRecord &R) {
  Expected<unsigned> V = R.version();
  if (!V)
    return V.takeError();
  if (*V < 2)
    return R.bad("an identity note needs mark contract version 2");
  SmallVector<StringRef, 4> Fields;
  R.Text.split(Fields, ' ');
  BuildIdentity Id;
  for (StringRef F : ArrayRef(Fields).drop_front()) {
    auto [Key, Value] = F.split('=');
    if (Key.empty() || Value.empty() || Key.size() == F.size())
      return R.bad("field '" + F + "' is not key=value");
    if (Key == "release")
      Id.Release = Value.str();
    else if (Key == "vmlinux.build-id")
      Id.VmlinuxBuildId = Value.str();
  }
  if (Id.Release.empty() && Id.VmlinuxBuildId.empty())
    return R.bad("no release and no vmlinux build ID");
  return Id;
}

// "2 <linkname> <origin> <reason...>", version 2 only.
static Expected<DeferredReference> parseDeferredRecord(const NoteRecord &R) {
  Expected<unsigned> V = R.version();
  if (!V)
    return V.takeError();
  if (*V < 2)
    return R.bad("a deferred reference needs mark contract version 2");
  SmallVector<StringRef, 4> Fields;
  R.Text.split(Fields, ' ', /*MaxSplit=*/3);
  if (Fields.size() != 4 || Fields[1].empty() || Fields[2].empty() ||
      Fields[3].empty())
    return R.bad("expected '2 <linkname> <origin> <reason>'");
  return DeferredReference{Fields[1].str(), Fields[2].str(), Fields[3].str()};
}

Expected<MarkNotes> parseMarkSection(ArrayRef<uint8_t> Data,
                                     bool IsLittleEndian, StringRef Where) {
  auto Read32 = [&](uint64_t Off) {
    return IsLittleEndian ? support::endian::read32le(Data.data() + Off)
                          : support::endian::read32be(Data.data() + Off);
  };
  auto Truncated = [&](uint64_t Off) {
    return createStringError(
        formatv("{0}: {1}: note at offset {2} runs past the end "
                "of the section; the object was truncated or "
                "not written by klp-llvm",
                Where, MarkSectionName, Off)
            .str());
  };
  MarkNotes Notes;
  // Every object that referenced a symbol carries its record, so a module
  // repeats most records many times: parse each distinct one once.
  DenseSet<std::pair<uint32_t, StringRef>> Seen;
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
        Name.drop_back() != MarkNoteOwner ||
        (Type != MarkNoteType && Type != DeferredNoteType &&
         Type != IdentityNoteType))
      continue; // another tool's note
    if (Desc.empty() || Desc.back() != '\0')
      return createStringError(
          formatv("{0}: {1} note at offset {2}: the record does "
                  "not end with a NUL",
                  Where, MarkSectionName, NoteOffset)
              .str());
    if (!Seen.insert({Type, Desc}).second)
      continue;
    NoteRecord R{Desc.drop_back(), Where, NoteOffset};
    if (Type == MarkNoteType) {
      Expected<Mark> M = parseMarkRecord(R);
      if (!M)
        return M.takeError();
      Notes.Marks.push_back(std::move(*M));
    } else if (Type == IdentityNoteType) {
      Expected<BuildIdentity> Id = parseIdentityRecord(R);
      if (!Id)
        return Id.takeError();
      if (!llvm::is_contained(Notes.Identities, *Id))
        Notes.Identities.push_back(std::move(*Id));
    } else {
      Expected<DeferredReference> D = parseDeferredRecord(R);
      if (!D)
        return D.takeError();
      Notes.Deferred.push_back(std::move(*D));
    }
  }
  return Notes;
}

} // namespace klp
