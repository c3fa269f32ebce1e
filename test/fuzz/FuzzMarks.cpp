//===- test/fuzz/FuzzMarks.cpp - Fuzz the mark notes and label names ------===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The bytes as a .note.klp.marks section and as ELF notes holding a GNU
// build ID (both byte orders), and as a symbol or section name (every label
// form, .klp.sym and .klp.rela names). What a parser accepts must survive the
// way the link step writes it back:
//
//  * a mark's target, written as .klp.sym.<obj>.<name>,<pos>, parses back
//    to the same target (the kernel would read it so);
//  * the records, written again as notes, parse back to the same records;
//  * a .klp.rela name, written again, names the same object.
//
//===----------------------------------------------------------------------===//

#include "FuzzCommon.h"

#include "format/KlpFormat.h"
#include "manifest/KernelIdentity.h"

#include "llvm/ADT/STLExtras.h"

#include <vector>

using namespace llvm;
using namespace klp;
using namespace klp::fuzz;

static std::string describe(const KernelSymbolRef &R) {
  return R.Object + "/" + R.Name + "/" + std::to_string(R.SymPos);
}

/// The name the converter writes parses back to \p Ref.
static void checkKlpSymRoundTrip(const KernelSymbolRef &Ref,
                                 const Twine &From) {
  std::string Written = formatKlpSymbolName(Ref);
  KernelSymbolRef Back = mustSucceed(parseKlpSymbolName(Written),
                                     From + ": reparsing '" + Written + "'");
  if (Back != Ref)
    fail(From + ": '" + Written + "' reads back as " + describe(Back) +
         ", not " + describe(Ref));
}

static void appendNote(std::vector<uint8_t> &Out, bool LE, uint32_t Type,
                       StringRef Record) {
  std::vector<uint8_t> Note = formatMarkNote(Type, Record, LE);
  Out.insert(Out.end(), Note.begin(), Note.end());
}

static void fuzzMarkSection(ArrayRef<uint8_t> Data, bool LE) {
  Expected<MarkNotes> NotesOrErr = parseMarkSection(Data, LE, "fuzz.o");
  if (!NotesOrErr) {
    checkMessage(NotesOrErr.takeError(), "parseMarkSection");
    return;
  }
  const MarkNotes &Notes = *NotesOrErr;
  // Write every record as the plugin would, and read them back: the same
  // records, each once (records that differed only in their spelling, as
  // "1 ..." and "2 ..." or "007" and "7", are now one).
  std::vector<uint8_t> Section;
  std::vector<std::string> MarkRecords, DeferredRecords;
  for (const Mark &M : Notes.Marks) {
    if (M.LinkName.empty())
      fail("parseMarkSection: a mark without a link name");
    if (Error E = checkKernelSymbolRef(M.Target))
      fail("parseMarkSection: a mark the kernel cannot name: " +
           toString(std::move(E)));
    checkKlpSymRoundTrip(M.Target, "mark of '" + M.LinkName + "'");
    std::string R = formatMarkRecord(M);
    if (!is_contained(MarkRecords, R))
      MarkRecords.push_back(R);
    appendNote(Section, LE, MarkNoteType, R);
  }
  for (const DeferredReference &D : Notes.Deferred) {
    std::string R = formatDeferredRecord(D);
    if (!is_contained(DeferredRecords, R))
      DeferredRecords.push_back(R);
    appendNote(Section, LE, DeferredNoteType, R);
  }
  // Identities as the link step writes them (its own note bytes).
  for (const BuildIdentity &Id : Notes.Identities) {
    if (Id.Release.empty() && Id.VmlinuxBuildId.empty())
      fail("parseMarkSection: an identity that says nothing");
    std::vector<uint8_t> Note = formatIdentityNote(Id, LE);
    MarkNotes One = mustSucceed(parseMarkSection(Note, LE, "identity.ko"),
                                "reparsing a written identity note");
    if (One.Identities.size() != 1 || One.Identities[0] != Id)
      fail("identity '" + formatIdentityRecord(Id) + "' reads back otherwise");
  }
  MarkNotes Back = mustSucceed(parseMarkSection(Section, LE, "rewritten.o"),
                               "reparsing the rewritten mark notes");
  if (Back.Marks.size() != MarkRecords.size() ||
      Back.Deferred.size() != DeferredRecords.size())
    fail("rewritten mark notes: " + Twine(Back.Marks.size()) + " marks and " +
         Twine(Back.Deferred.size()) + " deferred references, not " +
         Twine(MarkRecords.size()) + " and " + Twine(DeferredRecords.size()));
  for (size_t I = 0; I < Back.Marks.size(); ++I)
    if (formatMarkRecord(Back.Marks[I]) != MarkRecords[I])
      fail("rewritten mark '" + MarkRecords[I] + "' reads back as '" +
           formatMarkRecord(Back.Marks[I]) + "'");
  for (size_t I = 0; I < Back.Deferred.size(); ++I)
    if (formatDeferredRecord(Back.Deferred[I]) != DeferredRecords[I])
      fail("rewritten deferred reference '" + DeferredRecords[I] +
           "' reads back differently");
}

static void fuzzNames(StringRef Name) {
  if (Expected<KernelSymbolRef> Ref = parseKlpSymbolName(Name))
    checkKlpSymRoundTrip(*Ref, "'" + Name + "'");
  else
    checkMessage(Ref.takeError(), "parseKlpSymbolName");

  std::string LpObj;
  Expected<KernelSymbolRef> Suse = parseSuseKlpSymbolName(Name, &LpObj);
  if (Suse)
    checkKlpSymRoundTrip(*Suse, "SUSE '" + Name + "'");
  else
    checkMessage(Suse.takeError(), "parseSuseKlpSymbolName");

  if (Expected<KlpLabel> L = parseKlpLabel(Name)) {
    checkKlpSymRoundTrip(L->Target, "label '" + Name + "'");
    if (L->Quoted != (unquoteLabel(Name).size() != Name.size()))
      fail("label '" + Name + "': wrong Quoted");
    if (L->Kind != KlpLabel::Form::KlpSym) {
      // A SUSE label: its <lp_obj> names .klp.rela sections, and the
      // unquoted name reads the same through parseSuseKlpSymbolName.
      if (Error E = checkObjectName(L->LivepatchObject))
        fail("label '" + Name + "': unusable livepatch object accepted: " +
             toString(std::move(E)));
      std::string Obj;
      KernelSymbolRef Same = mustSucceed(
          parseSuseKlpSymbolName(unquoteLabel(Name), &Obj), "SUSE label");
      if (Same != L->Target || Obj != L->LivepatchObject)
        fail("label '" + Name + "' reads differently as a SUSE name");
    } else if (!L->LivepatchObject.empty()) {
      fail("label '" + Name + "': a .klp.sym label with a livepatch object");
    }
  } else {
    checkMessage(L.takeError(), "parseKlpLabel");
  }

  if (Expected<std::pair<std::string, std::string>> Rela =
          parseKlpRelaSectionName(Name)) {
    auto &[Obj, Section] = *Rela;
    std::string Written = formatKlpRelaSectionName(Obj, Section);
    auto Back = mustSucceed(parseKlpRelaSectionName(Written),
                            "reparsing '" + Written + "'");
    if (Back.first != Obj ||
        (!StringRef(Section).starts_with(".") && Back.second != Section))
      fail("'" + Name + "' written as '" + Written + "' reads back as '" +
           Back.first + "' + '" + Back.second + "'");
  } else {
    checkMessage(Rela.takeError(), "parseKlpRelaSectionName");
  }

  consumeError(checkObjectName(Name));
  consumeError(checkModuleName(Name));
  consumeError(checkSymbolName(Name));
  (void)isKlpLabel(Name);
  (void)normalizeObjectName(Name);
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  ArrayRef<uint8_t> Bytes(Data, Size);
  fuzzMarkSection(Bytes, /*LE=*/true);
  fuzzMarkSection(Bytes, /*LE=*/false);
  // The other note reader: the GNU build ID of a vmlinux or .ko.
  for (bool LE : {true, false}) {
    Expected<std::optional<std::string>> Id = findGnuBuildId(Bytes, LE);
    if (!Id)
      checkMessage(Id.takeError(), "findGnuBuildId");
    else if (*Id && ((*Id)->empty() || (*Id)->size() % 2))
      fail("findGnuBuildId: build ID '" + **Id + "' is not hex bytes");
  }
  fuzzNames(asText(Data, Size));
  return 0;
}
