//===- manifest/DebugUnitPaths.h - Tree paths of DWARF units ----*- C++ -*-===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// A unit's DW_AT_name is whatever path the build handed the compiler:
// relative to the tree ("fs/inode.c", kbuild in the tree, or with
// -fdebug-prefix-map as Debian builds), or absolute ("/build/linux/fs/
// inode.c", an O= build, or gas's names for .S files, which the prefix map
// does not reach). Patches name files relative to the tree, so the reader
// finds out where the tree was from the units themselves and strips it.
//
//===----------------------------------------------------------------------===//

#ifndef KLP_MANIFEST_DEBUGUNITPATHS_H
#define KLP_MANIFEST_DEBUGUNITPATHS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <memory>
#include <string>
#include <utility>

namespace llvm {
class DWARFContext;
namespace object {
class ObjectFile;
} // namespace object
} // namespace llvm

namespace klp {

/// The DWARF of a kernel object, as every reader of it here opens it: a
/// module's (\p ApplyRelocations, ET_REL) with .debug_info's relocations
/// applied, a vmlinux's as linked. The first problem the DWARF library
/// reports goes to \p FirstProblem (warnings are dropped); the context
/// reports lazily, so the string must live as long as it.
std::unique_ptr<llvm::DWARFContext>
openKernelDwarf(const llvm::object::ObjectFile &Obj, bool ApplyRelocations,
                std::string &FirstProblem);

/// Where the units of one object say the kernel tree was.
class SourceTree {
public:
  /// Infers the tree from every unit's (DW_AT_name, DW_AT_comp_dir):
  ///  * a prefix map shows as units with a relative build directory next to
  ///    units (gas's) with the absolute one: "/src/" + "debian/build/x" and
  ///    "debian/build/x" make the tree "/src/";
  ///  * otherwise the common directory of the absolute .c names, when they
  ///    lie in more than one top-level directory of it (one module's files
  ///    may all sit in one directory, which is not the tree).
  static SourceTree
  infer(llvm::ArrayRef<std::pair<llvm::StringRef, llvm::StringRef>> Units);

  /// \p Path, a unit name or a line-table file written relative to
  /// \p CompDir, relative to the tree: relative paths are kbuild's (tree-
  /// relative) already; absolute ones lose the build directory (generated
  /// files) or the tree's root. An absolute path outside both stays as it
  /// is.
  std::string relative(llvm::StringRef Path, llvm::StringRef CompDir) const;

  /// The tree's root, ending in '/'; "" when the units do not tell.
  llvm::StringRef root() const { return Root; }

private:
  std::string Root;
};

/// True if \p Unit (a unit's path as relative() gives it) is the file
/// \p Path: the same path, or, when the tree was not found and \p Unit is
/// still absolute, one that ends in "/" + \p Path.
bool isSameSourceFile(llvm::StringRef Unit, llvm::StringRef Path);

} // namespace klp

#endif // KLP_MANIFEST_DEBUGUNITPATHS_H
