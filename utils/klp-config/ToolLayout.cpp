//===- utils/klp-config/ToolLayout.cpp - Where klp-llvm's parts are -------===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "ToolLayout.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

using namespace llvm;

namespace klp {

// Any address inside this executable, for getMainExecutable's fallback.
static int ExecutableAnchor;

static std::string joinClean(StringRef Dir, StringRef Rel) {
  SmallString<256> P(Dir);
  sys::path::append(P, Rel);
  sys::path::remove_dots(P, /*remove_dot_dot=*/true);
  return std::string(P);
}

Expected<ToolLayout> ToolLayout::locate(const char *Argv0) {
  std::string Exe = sys::fs::getMainExecutable(Argv0, &ExecutableAnchor);
  if (Exe.empty())
    return createStringError("cannot find the klp-config executable's path");
  // /proc/self/exe is already resolved; real_path also covers other systems.
  SmallString<256> Real;
  if (!sys::fs::real_path(Exe, Real))
    Exe = std::string(Real);
  ToolLayout L;
  L.BinDir = std::string(sys::path::parent_path(Exe));
  L.Plugin = joinClean(L.BinDir, "../lib/KlpPlugin.so");
  L.IncludeDir = joinClean(L.BinDir, "../include");
  L.KlpLd = joinClean(L.BinDir, "klp-ld");
  return L;
}

Error ToolLayout::checkPlugin() const {
  if (sys::fs::is_regular_file(Plugin))
    return Error::success();
  return createStringError(
      "the clang plugin " + Plugin +
      " does not exist; build the KlpPlugin target of this klp-llvm "
      "build (ninja KlpPlugin) or run the klp-config of a build that has "
      "it");
}

Error ToolLayout::checkKlpLd() const {
  if (sys::fs::can_execute(KlpLd))
    return Error::success();
  return createStringError("the linker " + KlpLd +
                           " does not exist; build the klp-ld target of "
                           "this klp-llvm build (ninja klp-ld)");
}

} // namespace klp
