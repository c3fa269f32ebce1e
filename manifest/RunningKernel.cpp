//===- manifest/RunningKernel.cpp - Capture the kernel that runs here -----===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// `klp-manifest capture` on the target machine: /proc/kallsyms for the
// symbols, and in the same run what identifies the build: the release
// (/proc/sys/kernel/osrelease, what uname -r prints), vmlinux's GNU build ID
// (/sys/kernel/notes holds the kernel's ELF notes) and, per loaded module,
// its build ID (/sys/module/<name>/notes/.note.gnu.build-id) and srcversion.
//
//===----------------------------------------------------------------------===//

#include "manifest/InputFile.h"
#include "manifest/KernelIdentity.h"
#include "manifest/ManifestBuilder.h"
#include "manifest/ManifestInputs.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SwapByteOrder.h"

using namespace llvm;

namespace klp {

static std::string under(StringRef Root, StringRef Path) {
  SmallString<128> P(Root);
  sys::path::append(P, Path);
  return std::string(P);
}

// The notes are in the running kernel's byte order, which is this machine's.
static Expected<std::string> buildIdOf(StringRef NotesPath) {
  Expected<std::unique_ptr<MemoryBuffer>> Notes =
      readInputFile(NotesPath, "ELF notes");
  if (!Notes)
    return Notes.takeError();
  Expected<std::optional<std::string>> Id = findGnuBuildId(
      arrayRefFromStringRef((*Notes)->getBuffer()), sys::IsLittleEndianHost);
  if (!Id)
    return createStringError(NotesPath + ": " + toString(Id.takeError()));
  return Id->value_or("");
}

static Expected<KernelIdentity> readIdentity(StringRef Root) {
  KernelIdentity Id;
  std::string Release = under(Root, "proc/sys/kernel/osrelease");
  Expected<std::unique_ptr<MemoryBuffer>> R =
      readInputFile(Release, "kernel release");
  if (!R)
    return R.takeError();
  Id.Release = (*R)->getBuffer().trim().str();

  Expected<std::string> Vmlinux = buildIdOf(under(Root, "sys/kernel/notes"));
  if (!Vmlinux)
    return Vmlinux.takeError();
  Id.VmlinuxBuildId = *Vmlinux;

  std::error_code EC;
  std::string Modules = under(Root, "sys/module");
  for (sys::fs::directory_iterator It(Modules, EC), End; It != End && !EC;
       It.increment(EC)) {
    StringRef Name = sys::path::filename(It->path());
    // Built-in modules have a directory too, but no notes.
    std::string Notes = under(It->path(), "notes/.note.gnu.build-id");
    if (!sys::fs::exists(Notes))
      continue;
    Expected<std::string> BuildId = buildIdOf(Notes);
    if (!BuildId)
      return BuildId.takeError();
    ModuleIdentity &M = Id.Modules[Name.str()];
    M.BuildId = *BuildId;
    std::string SrcVersion = under(It->path(), "srcversion");
    if (sys::fs::exists(SrcVersion)) {
      Expected<std::unique_ptr<MemoryBuffer>> S =
          readInputFile(SrcVersion, "module srcversion");
      if (!S)
        return S.takeError();
      M.SrcVersion = (*S)->getBuffer().trim().str();
    }
  }
  if (EC)
    return createStringError(EC,
                             "cannot list " + Modules + ": " + EC.message());
  return Id;
}

Error readRunningKernel(StringRef Root, ManifestBuilder &Builder) {
  // Identity first: a kallsyms read between a module's unload and another
  // load would otherwise pair symbols with the wrong module build IDs.
  Expected<KernelIdentity> Id = readIdentity(Root);
  if (!Id)
    return Id.takeError();
  if (Error E = readKallsymsDump(under(Root, "proc/kallsyms"), Builder))
    return E;
  return Builder.addIdentity(*Id);
}

} // namespace klp
