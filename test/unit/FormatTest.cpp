//===- test/unit/FormatTest.cpp - livepatch names and mark records --------===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "format/KlpFormat.h"

#include "gtest/gtest.h"

using namespace klp;
using namespace llvm;

namespace {

TEST(KlpFormat, SymbolNameRoundTrip) {
  KernelSymbolRef Ref{"vmlinux", "foo.isra.0", 2};
  std::string Name = formatKlpSymbolName(Ref);
  EXPECT_EQ(Name, ".klp.sym.vmlinux.foo.isra.0,2");
  Expected<KernelSymbolRef> Back = parseKlpSymbolName(Name);
  ASSERT_TRUE(bool(Back)) << toString(Back.takeError());
  EXPECT_EQ(*Back, Ref);
}

TEST(KlpFormat, SymbolNameRejectsWhatTheKernelRejects) {
  for (const char *Bad : {".klp.sym.vmlinux.foo", ".klp.sym.vmlinux.foo,",
                          ".klp.sym.vmlinux.foo,x", ".klp.sym..foo,0",
                          ".klp.sym.vmlinux,0", ".klp.sym.vmlinux.,0"}) {
    Expected<KernelSymbolRef> R = parseKlpSymbolName(Bad);
    EXPECT_FALSE(bool(R)) << Bad;
    consumeError(R.takeError());
  }
  std::string LongObj(56, 'm');
  Expected<KernelSymbolRef> R =
      parseKlpSymbolName(".klp.sym." + LongObj + ".foo,0");
  ASSERT_FALSE(bool(R));
  EXPECT_NE(toString(R.takeError()).find("MODULE_NAME_LEN"), std::string::npos);
  std::string LongSym(512, 's');
  R = parseKlpSymbolName(".klp.sym.vmlinux." + LongSym + ",0");
  ASSERT_FALSE(bool(R));
  EXPECT_NE(toString(R.takeError()).find("KSYM_NAME_LEN"), std::string::npos);
  std::string MaxSym(511, 's');
  R = parseKlpSymbolName(".klp.sym.vmlinux." + MaxSym + ",0");
  EXPECT_TRUE(bool(R)) << toString(R.takeError());
}

TEST(KlpFormat, SuseName) {
  std::string Lp;
  Expected<KernelSymbolRef> R =
      parseSuseKlpSymbolName(".klp.sym.rela.livepatch_x.ext4.ext4_foo,1", &Lp);
  ASSERT_TRUE(bool(R)) << toString(R.takeError());
  EXPECT_EQ(Lp, "livepatch_x");
  EXPECT_EQ(*R, (KernelSymbolRef{"ext4", "ext4_foo", 1}));
}

TEST(KlpFormat, RelaSectionName) {
  EXPECT_EQ(formatKlpRelaSectionName("vmlinux", ".text.foo"),
            ".klp.rela.vmlinux.text.foo");
  auto R = parseKlpRelaSectionName(".klp.rela.ext4.text.foo");
  ASSERT_TRUE(bool(R));
  EXPECT_EQ(R->first, "ext4");
  EXPECT_EQ(R->second, "text.foo");
}

// The notes the pass writes, assembled by the real assembler, are what the
// reader reads back.
static std::vector<uint8_t>
noteBytes(ArrayRef<std::pair<uint32_t, std::string>> Records) {
  std::vector<uint8_t> Out;
  auto Put32 = [&](uint32_t V) {
    for (int I = 0; I < 4; ++I)
      Out.push_back(uint8_t(V >> (8 * I)));
  };
  auto PutPadded = [&](StringRef S) {
    Out.insert(Out.end(), S.begin(), S.end());
    Out.push_back(0);
    while (Out.size() % 4)
      Out.push_back(0);
  };
  for (const auto &[Type, R] : Records) {
    Put32(MarkNoteOwner.size() + 1);
    Put32(R.size() + 1);
    Put32(Type);
    PutPadded(MarkNoteOwner);
    PutPadded(R);
  }
  return Out;
}

TEST(KlpFormat, MarkSection) {
  Mark A{"nr_processes", {"vmlinux", "nr_processes", 0}};
  Mark B{".klp.sym.ext4.foo,2", {"ext4", "foo", 2}};
  DeferredReference D{"dup", "a.c:3:7", "reference to 'dup' is ambiguous"};
  std::vector<uint8_t> Data =
      noteBytes({{MarkNoteType, formatMarkRecord(A)},
                 {MarkNoteType, formatMarkRecord(B)},
                 {DeferredNoteType, formatDeferredRecord(D)},
                 {DeferredNoteType, formatDeferredRecord(D)}});
  Data.insert(Data.end(), 8, 0); // padding between two objects' notes
  auto Notes = parseMarkSection(Data, /*IsLittleEndian=*/true, "t.o");
  ASSERT_TRUE(bool(Notes)) << toString(Notes.takeError());
  ASSERT_EQ(Notes->Marks.size(), 2u);
  EXPECT_EQ(Notes->Marks[1].LinkName, B.LinkName);
  EXPECT_EQ(Notes->Marks[1].Target, B.Target);
  ASSERT_EQ(Notes->Deferred.size(), 1u); // the repeated record once
  EXPECT_EQ(Notes->Deferred[0].LinkName, "dup");
  EXPECT_EQ(Notes->Deferred[0].Origin, "a.c:3:7");
  EXPECT_EQ(Notes->Deferred[0].Reason, D.Reason);

  // Version 1 records (plugins before the deferred references) still read.
  auto V1 = parseMarkSection(noteBytes({{MarkNoteType, "1 vmlinux 0 foo foo"}}),
                             true, "t.o");
  ASSERT_TRUE(bool(V1)) << toString(V1.takeError());
  EXPECT_EQ(V1->Marks.size(), 1u);

  for (auto [Type, Record] :
       {std::pair<uint32_t, std::string>{MarkNoteType, "3 vmlinux 0 foo foo"},
        {DeferredNoteType, "1 dup a.c why"},
        {DeferredNoteType, "2 dup a.c"}}) {
    auto Bad = parseMarkSection(noteBytes({{Type, Record}}), true, "t.o");
    ASSERT_FALSE(bool(Bad)) << Record;
    std::string Msg = toString(Bad.takeError());
    EXPECT_NE(Msg.find("'" + Record + "'"), std::string::npos) << Msg;
  }

  std::vector<uint8_t> Cut = noteBytes({{MarkNoteType, formatMarkRecord(A)}});
  Cut.resize(Cut.size() - 4);
  auto Short = parseMarkSection(Cut, true, "t.o");
  ASSERT_FALSE(bool(Short));
  EXPECT_NE(toString(Short.takeError()).find("runs past the end"),
            std::string::npos);
}

TEST(KlpFormat, IdentityNote) {
  BuildIdentity Id{"6.1.0-57-cloud-amd64", "01d2640d"};
  EXPECT_EQ(formatIdentityRecord(Id),
            "2 release=6.1.0-57-cloud-amd64 vmlinux.build-id=01d2640d");
  EXPECT_EQ(formatIdentityRecord({"", "ab"}), "2 vmlinux.build-id=ab");

  // The link step's bytes are the assembler's note: one round trip, in
  // both byte orders; repeated notes (one per object) read once.
  for (bool LE : {true, false}) {
    std::vector<uint8_t> Data = formatIdentityNote(Id, LE);
    EXPECT_EQ(Data.size() % 4, 0u);
    std::vector<uint8_t> Twice = Data;
    Twice.insert(Twice.end(), Data.begin(), Data.end());
    auto Notes = parseMarkSection(Twice, LE, "t.ko");
    ASSERT_TRUE(bool(Notes)) << toString(Notes.takeError());
    ASSERT_EQ(Notes->Identities.size(), 1u);
    EXPECT_EQ(Notes->Identities[0], Id);
    EXPECT_TRUE(Notes->Marks.empty());
  }

  // Two builds: both reported, for the caller to refuse.
  auto Two = parseMarkSection(
      noteBytes({{IdentityNoteType, formatIdentityRecord(Id)},
                 {IdentityNoteType, "2 release=6.1.0-57-cloud-amd64 "
                                    "vmlinux.build-id=7f76f39f"}}),
      true, "t.o");
  ASSERT_TRUE(bool(Two)) << toString(Two.takeError());
  EXPECT_EQ(Two->Identities.size(), 2u);

  // A later writer's keys are skipped; a record without either field, or
  // with a field that is not key=value, is an error naming it.
  auto Later = parseMarkSection(
      noteBytes({{IdentityNoteType, "2 vmlinux.build-id=ab flavour=cloud"}}),
      true, "t.o");
  ASSERT_TRUE(bool(Later)) << toString(Later.takeError());
  EXPECT_EQ(Later->Identities[0].VmlinuxBuildId, "ab");
  for (const char *Record : {"2", "2 flavour=cloud", "2 release", "2 =x",
                             "1 release=6.1", "3 release=6.1"}) {
    auto Bad =
        parseMarkSection(noteBytes({{IdentityNoteType, Record}}), true, "t.o");
    ASSERT_FALSE(bool(Bad)) << Record;
    std::string Msg = toString(Bad.takeError());
    EXPECT_NE(Msg.find(std::string("'") + Record + "'"), std::string::npos)
        << Msg;
  }

  // The plugin's assembly: the identity note first.
  std::string Asm =
      formatMarkSectionAsm({Mark{"f", {"vmlinux", "f", 0}}}, {}, Id);
  size_t IdAt = Asm.find("\"2 release=6.1.0-57-cloud-amd64 "
                         "vmlinux.build-id=01d2640d\"");
  ASSERT_NE(IdAt, std::string::npos) << Asm;
  EXPECT_LT(IdAt, Asm.find("\"2 vmlinux 0 f f\""));
  EXPECT_EQ(formatMarkSectionAsm({Mark{"f", {"vmlinux", "f", 0}}}, {})
                .find("release="),
            std::string::npos);
}

TEST(KlpFormat, MarkAsm) {
  std::string Asm =
      formatMarkSectionAsm({Mark{"a\"b", {"vmlinux", "f", 0}}},
                           {DeferredReference{"d", "x.c", "y z"}});
  EXPECT_NE(Asm.find(".pushsection .note.klp.marks,\"\",%note"),
            std::string::npos);
  EXPECT_NE(Asm.find("\"2 vmlinux 0 f a\\\"b\""), std::string::npos);
  EXPECT_NE(Asm.find(".long 9, 12, 2\n"), std::string::npos) << Asm;
  EXPECT_NE(Asm.find("\"2 d x.c y z\""), std::string::npos);
}

} // namespace
