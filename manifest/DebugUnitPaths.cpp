//===- manifest/DebugUnitPaths.cpp - Kernel-tree paths of DWARF units -----===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "manifest/DebugUnitPaths.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/DebugInfo/DWARF/DWARFContext.h"
#include "llvm/Object/ObjectFile.h"
#include "llvm/Support/Path.h"

#include <optional>

using namespace llvm;

namespace klp {

std::unique_ptr<DWARFContext> openKernelDwarf(const object::ObjectFile &Obj,
                                              bool ApplyRelocations,
                                              std::string &FirstProblem) {
  std::string *Problem = &FirstProblem;
  auto Record = [Problem](Error E) {
    std::string Msg = toString(std::move(E));
    if (Problem->empty())
      *Problem = Msg;
  };
  auto Ignore = [](Error E) { consumeError(std::move(E)); };
  return DWARFContext::create(
      Obj,
      ApplyRelocations ? DWARFContext::ProcessDebugRelocations::Process
                       : DWARFContext::ProcessDebugRelocations::Ignore,
      nullptr, "", Record, Ignore);
}

// Paths in DWARF are the build host's: always POSIX here (kernels are built
// on Linux), whatever the host reading them.
static constexpr sys::path::Style Posix = sys::path::Style::posix;

static std::string clean(StringRef Path) {
  SmallString<128> P(Path);
  sys::path::remove_dots(P, /*remove_dot_dot=*/true, Posix);
  return std::string(P.str());
}

static bool isAbsolute(StringRef Path) {
  return sys::path::is_absolute(Path, Posix);
}

// \p Path below directory \p Dir (both clean): the rest, else nothing.
static std::optional<StringRef> below(StringRef Path, StringRef Dir) {
  if (Dir.empty() || !Path.consume_front(Dir))
    return std::nullopt;
  if (!Dir.ends_with("/") && !Path.consume_front("/"))
    return std::nullopt;
  return Path;
}

SourceTree SourceTree::infer(ArrayRef<std::pair<StringRef, StringRef>> Units) {
  SourceTree Tree;
  StringSet<> AbsoluteDirs, RelativeDirs;
  for (const auto &[Name, CompDir] : Units)
    (isAbsolute(CompDir) ? AbsoluteDirs : RelativeDirs).insert(clean(CompDir));
  for (const auto &A : AbsoluteDirs)
    for (const auto &R : RelativeDirs) {
      StringRef Abs = A.getKey(), Rel = R.getKey();
      if (Rel.empty() || Rel == "." || !Abs.ends_with("/" + Rel.str()))
        continue;
      Tree.Root = Abs.drop_back(Rel.size()).str();
      return Tree;
    }

  // The common directory of the absolute C files outside the build
  // directory, if they spread over several of its subdirectories.
  std::optional<std::string> Common;
  for (const auto &[Name, CompDir] : Units) {
    std::string File = clean(Name);
    if (!isAbsolute(File) || !StringRef(File).ends_with(".c") ||
        below(File, clean(CompDir)))
      continue;
    StringRef Dir = sys::path::parent_path(File, Posix);
    if (!Common) {
      Common = Dir.str();
      continue;
    }
    while (!below(Dir, *Common) && *Common != Dir && Common->size() > 1)
      *Common = sys::path::parent_path(*Common, Posix).str();
  }
  if (!Common || *Common == "/")
    return Tree;
  std::string Root = *Common + "/";
  StringSet<> TopDirs;
  for (const auto &[Name, CompDir] : Units) {
    std::string File = clean(Name);
    if (std::optional<StringRef> Rest = below(File, Root))
      if (Rest->contains('/'))
        TopDirs.insert(Rest->split('/').first);
  }
  if (TopDirs.size() > 1)
    Tree.Root = Root;
  return Tree;
}

std::string SourceTree::relative(StringRef Path, StringRef CompDir) const {
  std::string P = clean(Path);
  std::string Dir = clean(CompDir);
  // "../linux/fs/inode.c" from an O= build beside the tree.
  if (StringRef(P).starts_with("../") && isAbsolute(Dir)) {
    SmallString<128> Joined(Dir);
    sys::path::append(Joined, Posix, P);
    P = clean(Joined);
  }
  if (!isAbsolute(P))
    return P;
  // The build directory first: it may lie inside the tree (Debian's
  // debian/build/build_amd64_none_cloud-amd64), and its generated files
  // have kbuild paths relative to it.
  if (isAbsolute(Dir))
    if (std::optional<StringRef> Rest = below(P, Dir))
      return Rest->str();
  if (std::optional<StringRef> Rest = below(P, Root))
    return Rest->str();
  return P;
}

bool isSameSourceFile(StringRef Unit, StringRef Path) {
  if (Unit == Path)
    return true;
  return isAbsolute(Unit) && !isAbsolute(Path) &&
         Unit.ends_with("/" + Path.str());
}

} // namespace klp
