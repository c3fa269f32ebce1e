//===- test/unit/DebugUnitPathsTest.cpp - Kernel-tree paths of DWARF units ===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "manifest/DebugUnitPaths.h"

#include "gtest/gtest.h"

using namespace klp;

namespace {

// Debian 12's 6.1 vmlinux: gcc's units prefix-mapped, gas's absolute.
TEST(DebugUnitPathsTest, PrefixMappedBuild) {
  SourceTree Tree = SourceTree::infer(
      {{"init/main.c", "debian/build/build_amd64_none_cloud-amd64"},
       {"/build/linux-6.1/arch/x86/kernel/head_64.S",
        "/build/linux-6.1/debian/build/build_amd64_none_cloud-amd64"}});
  EXPECT_EQ(Tree.root(), "/build/linux-6.1/");
  EXPECT_EQ(
      Tree.relative("fs/inode.c", "debian/build/build_amd64_none_cloud-amd64"),
      "fs/inode.c");
  EXPECT_EQ(Tree.relative(
                "/build/linux-6.1/arch/x86/kernel/head_64.S",
                "/build/linux-6.1/debian/build/build_amd64_none_cloud-amd64"),
            "arch/x86/kernel/head_64.S");
  // A generated file in the build directory, which lies inside the tree.
  EXPECT_EQ(
      Tree.relative("/build/linux-6.1/debian/build/x/lib/oid_registry_data.c",
                    "/build/linux-6.1/debian/build/x"),
      "lib/oid_registry_data.c");
  EXPECT_EQ(Tree.relative("./include/linux/fs.h", "debian/build/x"),
            "include/linux/fs.h");
}

// An O= build without a prefix map: absolute names in several top-level
// directories of the tree.
TEST(DebugUnitPathsTest, OutOfTreeBuild) {
  SourceTree Tree = SourceTree::infer({{"/src/linux/fs/inode.c", "/out"},
                                       {"/src/linux/kernel/fork.c", "/out"},
                                       {"/out/lib/crc32table.c", "/out"}});
  EXPECT_EQ(Tree.root(), "/src/linux/");
  EXPECT_EQ(Tree.relative("/src/linux/fs/inode.c", "/out"), "fs/inode.c");
  EXPECT_EQ(Tree.relative("/out/lib/crc32table.c", "/out"), "lib/crc32table.c");
  EXPECT_EQ(Tree.relative("../src/linux/fs/inode.c", "/out"), "fs/inode.c");
}

// One module's files all sit in one directory, which is not the tree: the
// names stay absolute and match by their tail.
TEST(DebugUnitPathsTest, OneDirectoryIsNotTheTree) {
  SourceTree Tree = SourceTree::infer({{"/src/linux/fs/ext4/super.c", "/out"},
                                       {"/src/linux/fs/ext4/inode.c", "/out"}});
  EXPECT_EQ(Tree.root(), "");
  std::string Unit = Tree.relative("/src/linux/fs/ext4/inode.c", "/out");
  EXPECT_EQ(Unit, "/src/linux/fs/ext4/inode.c");
  EXPECT_TRUE(isSameSourceFile(Unit, "fs/ext4/inode.c"));
  EXPECT_FALSE(isSameSourceFile(Unit, "s/ext4/inode.c"));
  EXPECT_FALSE(isSameSourceFile("fs/ext4/inode.c", "ext4/inode.c"));
}

} // namespace
