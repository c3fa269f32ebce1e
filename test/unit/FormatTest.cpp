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
  for (const char *Bad :
       {".klp.sym.vmlinux.foo", ".klp.sym.vmlinux.foo,", ".klp.sym.vmlinux.foo,x",
        ".klp.sym..foo,0", ".klp.sym.vmlinux,0", ".klp.sym.vmlinux.,0"}) {
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

TEST(KlpFormat, MarkSection) {
  Mark A{"nr_processes", {"vmlinux", "nr_processes", 0}};
  Mark B{".klp.sym.ext4.foo,2", {"ext4", "foo", 2}};
  std::string Data = formatMarkRecord(A) + '\0' + '\0' + formatMarkRecord(B) + '\0';
  auto Marks = parseMarkSection(
      ArrayRef<uint8_t>(reinterpret_cast<const uint8_t *>(Data.data()),
                        Data.size()),
      "t.o");
  ASSERT_TRUE(bool(Marks)) << toString(Marks.takeError());
  ASSERT_EQ(Marks->size(), 2u);
  EXPECT_EQ((*Marks)[1].LinkName, B.LinkName);
  EXPECT_EQ((*Marks)[1].Target, B.Target);

  std::string Future = "2 vmlinux 0 foo foo";
  Future += '\0';
  auto Bad = parseMarkSection(
      ArrayRef<uint8_t>(reinterpret_cast<const uint8_t *>(Future.data()),
                        Future.size()),
      "t.o");
  ASSERT_FALSE(bool(Bad));
  EXPECT_NE(toString(Bad.takeError()).find("version '2'"), std::string::npos);
}

} // namespace
