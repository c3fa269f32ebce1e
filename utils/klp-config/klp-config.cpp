//===- utils/klp-config/klp-config.cpp - Flags for building with klp-llvm -===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Prints what a build needs to compile a livepatch module with klp-llvm:
//
//   klp-config --plugin
//   klp-config --cflags --manifest M [--object OBJ]
//   klp-config --kbuild --kernel KDIR [--manifest M [--object OBJ]] [--cc CC]
//              [--ld LD] [--cache-dir DIR]
//
// --kbuild's words go straight onto kbuild's command line:
//   make -C KDIR M=$PWD $(klp-config --kbuild --kernel KDIR --manifest M)
//   modules
// Without --manifest it prints only what builds a plain module with clang.
//
//===----------------------------------------------------------------------===//

#include "ClangConfigFile.h"
#include "ClangVersion.h"
#include "KbuildWords.h"
#include "KernelConfig.h"
#include "KernelRelease.h"
#include "ToolLayout.h"

#include "format/KlpFormat.h"
#include "manifest/Manifest.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;
using namespace klp;

namespace {

cl::OptionCategory Category("klp-config options");

// One of these says what to print.
cl::opt<bool> PrintPlugin("plugin", cl::desc("Print the clang plugin's path"),
                          cl::cat(Category));
cl::opt<bool> PrintCFlags("cflags",
                          cl::desc("Print clang flags that load the plugin"),
                          cl::cat(Category));
cl::opt<bool>
    PrintKbuild("kbuild",
                cl::desc("Print words for make -C KDIR M=$PWD ... modules"),
                cl::cat(Category));

cl::opt<std::string> ManifestPath("manifest",
                                  cl::desc("The target kernel's manifest"),
                                  cl::value_desc("file"), cl::cat(Category));
cl::opt<std::string>
    ObjectName("object",
               cl::desc("The object (vmlinux or module) the patched code "
                        "belongs to"),
               cl::value_desc("name"), cl::cat(Category));
cl::opt<std::string>
    KernelDir("kernel", cl::desc("The kernel build or headers directory"),
              cl::value_desc("KDIR"), cl::cat(Category));
cl::opt<std::string>
    Compiler("cc", cl::desc("The clang to build with"), cl::value_desc("clang"),
             cl::init("clang-" + std::to_string(LLVM_VERSION_MAJOR)),
             cl::cat(Category));
cl::opt<std::string> Linker(
    "ld",
    cl::desc("With --kbuild: the linker kbuild links with instead of klp-ld "
             "(ld.lld or GNU ld); run klp-convert on the .ko files after the "
             "build"),
    cl::value_desc("linker"), cl::cat(Category));
cl::opt<std::string> CacheDir(
    "cache-dir",
    cl::desc("where --kbuild writes its clang configuration file and "
             "header (default: .klp-config beside the manifest; without "
             "--manifest, klp-config in $XDG_CACHE_HOME or ~/.cache)"),
    cl::value_desc("dir"), cl::cat(Category));

[[noreturn]] void fail(const Twine &Msg) {
  WithColor::error(errs(), "klp-config") << Msg << "\n";
  exit(1);
}

void check(Error E) {
  if (E)
    fail(toString(std::move(E)));
}

template <typename T> T check(Expected<T> V) {
  if (!V)
    fail(toString(V.takeError()));
  return std::move(*V);
}

std::string absolutePath(StringRef P) {
  SmallString<256> Abs(P);
  if (std::error_code EC = sys::fs::make_absolute(Abs))
    fail("cannot make '" + P + "' absolute: " + EC.message());
  sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);
  return std::string(Abs);
}

std::string requireManifest() {
  if (ManifestPath.empty())
    fail("--" + Twine(PrintCFlags ? "cflags" : "kbuild") +
         " needs --manifest <file> (make one with klp-manifest)");
  std::string M = absolutePath(ManifestPath);
  if (!sys::fs::is_regular_file(M))
    fail("manifest '" + ManifestPath +
         "' does not exist; make it with klp-manifest from the target "
         "kernel's kallsyms");
  return M;
}

// A manifest describes one kernel build; flags for another kernel's tree
// would compile its headers with this manifest's symbol positions. Only
// the release can be compared here (a headers tree has no build ID); the
// module records the manifest's build ID, which klp-check and the load-time
// guard compare with the running kernel's.
// A manifest that does not open is the plugin's to report, at the first
// compile, with its own advice; klp-config only prints flags.
void checkManifestIdentity(StringRef Manifest, StringRef KDir) {
  Expected<std::unique_ptr<klp::Manifest>> M = klp::Manifest::open(Manifest);
  if (!M) {
    consumeError(M.takeError());
    return;
  }
  const KernelIdentity &Id = (*M)->identity();
  if (Id.Release.empty() && Id.VmlinuxBuildId.empty()) {
    WithColor::warning(errs(), "klp-config")
        << "the manifest " << Manifest
        << " does not say which kernel build it describes (it was built "
           "from a kallsyms dump): nothing will stop this patch from binding "
           "another kernel's symbols; build it with 'klp-manifest capture' "
           "on the target, or add --vmlinux\n";
    return;
  }
  if (KDir.empty() || Id.Release.empty())
    return;
  std::optional<std::string> Release = check(readKernelRelease(KDir));
  if (!Release) {
    WithColor::warning(errs(), "klp-config")
        << KDir
        << " has neither include/generated/utsrelease.h nor "
           "include/config/kernel.release; cannot check that it is the "
           "kernel of the manifest ("
        << Id.Release << ")\n";
    return;
  }
  if (*Release != Id.Release)
    fail("the kernel tree " + KDir + " is release " + *Release +
         ", but the manifest " + Manifest + " describes release " + Id.Release +
         ": the module would be compiled for one kernel with the other's "
         "symbol positions; pass the tree (--kernel) and the manifest "
         "(--manifest) of the same kernel");
}

void checkObjectName() {
  if (ObjectName.empty())
    return;
  if (ManifestPath.empty())
    fail("--object only makes sense with --manifest");
  bool Valid =
      ObjectName.size() <= MaxObjectNameLen && all_of(ObjectName, [](char C) {
        return isAlnum(C) || C == '_' || C == '-';
      });
  if (!Valid)
    fail("--object '" + ObjectName +
         "' is not a kernel object name: vmlinux or a module name of at most " +
         Twine(MaxObjectNameLen) + " letters, digits, '_' and '-'");
}

// The flags that load the plugin into clang (both as a frontend plugin, so
// that its -mllvm options exist when clang parses them, and as a pass
// plugin), tell it the manifest, and find klp-llvm's headers.
std::vector<std::string> pluginFlags(const ToolLayout &L, StringRef Manifest) {
  std::vector<std::string> F = {"-fplugin=" + L.Plugin,
                                "-fpass-plugin=" + L.Plugin, "-mllvm",
                                ("-klp-manifest=" + Manifest).str()};
  if (!ObjectName.empty()) {
    F.push_back("-mllvm");
    F.push_back("-klp-object=" + ObjectName);
  }
  F.push_back("-I" + L.IncludeDir);
  return F;
}

void printWords(ArrayRef<std::string> Words) {
  for (const std::string &W : Words)
    check(checkPlainWord(W));
  outs() << join(Words, " ") << "\n";
}

// Where --kbuild writes its files (the clang configuration file, the header
// that unsets Kconfig symbols): --cache-dir, else .klp-config beside the
// manifest, else klp-config in the user's cache directory
// ($XDG_CACHE_HOME or ~/.cache).
std::string kbuildCacheDir(StringRef Manifest) {
  if (!CacheDir.empty())
    return absolutePath(CacheDir);
  if (!Manifest.empty())
    return (sys::path::parent_path(Manifest) + "/.klp-config").str();
  SmallString<256> Dir;
  if (!sys::path::cache_directory(Dir))
    fail("no cache directory for the header of Kconfig symbols to unset "
         "($XDG_CACHE_HOME and $HOME are unset); pass --cache-dir <dir>");
  sys::path::append(Dir, "klp-config");
  return absolutePath(Dir);
}

void runKbuild(const ToolLayout &L) {
  if (KernelDir.empty())
    fail("--kbuild needs --kernel <KDIR>, the directory make -C is given");
  KernelConfig Config = check(KernelConfig::load(KernelDir));

  KbuildRequest R;
  R.CC = Compiler;
  R.CCVersion = check(queryClangVersion(Compiler));
  std::string Manifest;
  if (!ManifestPath.empty()) {
    Manifest = requireManifest();
    checkManifestIdentity(Manifest, KernelDir);
    check(L.checkPlugin());
    if (Linker.empty())
      check(L.checkKlpLd());
    // A pass plugin only loads into the LLVM it was built against.
    if (R.CCVersion.Major != LLVM_VERSION_MAJOR)
      fail("'" + Compiler + "' is clang " + Twine(R.CCVersion.Major) + " but " +
           L.Plugin + " was built for LLVM " + Twine(LLVM_VERSION_MAJOR) +
           "; pass --cc clang-" + Twine(LLVM_VERSION_MAJOR) +
           " or use the klp-config of a klp-llvm build for LLVM " +
           Twine(R.CCVersion.Major));
  }
  // What autoconf.h defines for gcc only and the headers test: a header
  // that unsets it, included after autoconf.h. KCPPFLAGS comes after
  // kbuild's own -include of kconfig.h on every C and assembler command
  // line; a clang configuration file could not do it (clang puts its
  // options before the command line's).
  std::vector<std::string> Undefs = headerUndefs(Config);
  if (!Undefs.empty())
    R.KCPPFLAGS =
        "-include" + check(writeHashedFile(renderUndefHeader(Undefs), ".h",
                                           kbuildCacheDir(Manifest)));
  if (!Manifest.empty()) {
    // A new manifest or plugin at the same path must still rebuild.
    std::vector<std::string> Inputs = {check(fingerprintFile(Manifest)),
                                       check(fingerprintFile(L.Plugin))};
    R.KCFLAGS = "--config=" +
                check(writeClangConfigFile(pluginFlags(L, Manifest), Inputs,
                                           kbuildCacheDir(Manifest)));
    if (Linker.empty()) {
      R.LD = L.KlpLd;
      R.LDIsLLD = true;
      R.LDVersion = {LLVM_VERSION_MAJOR, LLVM_VERSION_MINOR,
                     LLVM_VERSION_PATCH};
    }
  }
  // Another linker: the marks pass through it untouched (a note and weak
  // undefined symbols) and klp-convert finalizes the .ko afterwards.
  if (!Linker.empty()) {
    LinkerInfo Info = check(queryLinkerVersion(Linker));
    R.LD = Linker;
    R.LDIsLLD = Info.IsLLD;
    R.LDVersion = Info.Version;
  }

  if (Config.isYes("CONFIG_CC_IS_CLANG")) {
    unsigned Built = 0;
    if (!to_integer(Config.get("CONFIG_CLANG_VERSION"), Built) ||
        Built / 10000 != R.CCVersion.Major)
      WithColor::warning(errs(), "klp-config")
          << "the kernel was built by clang "
          << Config.get("CONFIG_CLANG_VERSION") << " (" << Config.path()
          << "), the module will be by clang " << R.CCVersion.kconfigValue()
          << "\n";
  }
  printWords(check(kbuildWords(Config, R)));
}

} // namespace

int main(int argc, char **argv) {
  InitLLVM X(argc, argv);
  cl::HideUnrelatedOptions(Category);
  cl::ParseCommandLineOptions(
      argc, argv,
      "klp-config: how to build a livepatch module with klp-llvm\n\n"
      "  klp-config --plugin\n"
      "  klp-config --cflags --manifest M [--object OBJ]\n"
      "  klp-config --kbuild --kernel KDIR [--manifest M [--object OBJ]] "
      "[--cc clang-N] [--ld LD]\n\n"
      "  make -C KDIR M=$PWD $(klp-config --kbuild --kernel KDIR --manifest "
      "M) modules\n");

  ToolLayout L = check(ToolLayout::locate(argv[0]));
  if (PrintPlugin + PrintCFlags + PrintKbuild != 1)
    fail("say what to print: one of --plugin, --cflags or --kbuild (see "
         "--help)");
  checkObjectName();
  if (!Linker.empty() && !PrintKbuild)
    fail("--ld only makes sense with --kbuild");
  if (PrintPlugin) {
    check(L.checkPlugin());
    outs() << L.Plugin << "\n";
  } else if (PrintCFlags) {
    std::string Manifest = requireManifest();
    checkManifestIdentity(Manifest, "");
    check(L.checkPlugin());
    printWords(pluginFlags(L, Manifest));
  } else {
    runKbuild(L);
  }
  return 0;
}
