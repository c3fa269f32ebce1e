//===- test/unit/LinkArgsTest.cpp - What klp-ld reads of a link line ------===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "lld-ext/klp-ld/LinkArgs.h"

#include "gtest/gtest.h"

using namespace klp;

namespace {

LinkArgs parse(std::vector<const char *> Argv) {
  auto L = parseLinkArgs(Argv);
  EXPECT_TRUE(bool(L)) << llvm::toString(L.takeError());
  return std::move(*L);
}

TEST(LinkArgs, OursRemovedTheRestKept) {
  LinkArgs L = parse({"klp-ld", "--klp", "-r", "--klp-manifest", "m.klpm",
                      "a.o", "-klp-verbose", "-o", "out.ko"});
  EXPECT_EQ(L.Mode, LinkArgs::KlpMode::Force);
  EXPECT_EQ(L.Manifest, "m.klpm");
  EXPECT_TRUE(L.Verbose);
  EXPECT_TRUE(L.Relocatable);
  EXPECT_EQ(L.Output, "out.ko");
  ASSERT_EQ(L.LldArgs.size(), 5u);
  EXPECT_EQ(L.OutputArg, 4);
  EXPECT_EQ(L.OutputArgPrefix, "");
}

TEST(LinkArgs, OutputSpellings) {
  LinkArgs A = parse({"ld", "-oout.ko", "x.o"});
  EXPECT_EQ(A.Output, "out.ko");
  EXPECT_EQ(A.OutputArgPrefix, "-o");
  LinkArgs B = parse({"ld", "--output=out.ko", "x.o"});
  EXPECT_EQ(B.Output, "out.ko");
  EXPECT_EQ(B.OutputArgPrefix, "--output=");
  LinkArgs C = parse({"ld", "-omagic", "x.o"});
  EXPECT_EQ(C.Output, "a.out");
  EXPECT_EQ(C.OutputArg, -1);
  // The last -o wins, as in ld.lld.
  LinkArgs D = parse({"ld", "-o", "first", "-o", "second"});
  EXPECT_EQ(D.Output, "second");
  EXPECT_EQ(D.OutputArg, 4);
}

TEST(LinkArgs, ValuesAreNotOptions) {
  // A script or library named "-r" is a value, not -r.
  LinkArgs L = parse(
      {"ld", "-T", "-r", "--script", "-r", "-soname", "-r", "-o", "m.ko"});
  EXPECT_FALSE(L.Relocatable);
  EXPECT_EQ(L.Output, "m.ko");
}

TEST(LinkArgs, NotRedirectable) {
  LinkArgs A = parse({"ld", "-o", "m.ko", "--dependency-file=m.d"});
  EXPECT_EQ(A.Output, "m.ko");
  EXPECT_EQ(A.OutputArg, -1);
  auto B = parseLinkArgs({"ld", "--klp-manifest"});
  EXPECT_FALSE(bool(B));
  llvm::consumeError(B.takeError());
}

} // namespace
