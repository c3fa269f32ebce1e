//===- utils/klp-diff/klp-diff.cpp - From a source fix to a livepatch -----===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// klp-diff --source SRC --kernel KDIR --manifest M [--vmlinux VMLINUX]
//          [--debug-root DBG] [--name NAME] -o OUT.ko FIX.patch...
//
// Builds a livepatch module for the kernel exactly as it was shipped from a
// fix to its source, compiling only the files the fix touches
// (docs/klp-diff.md):
//   1. each touched .c file is compiled twice, before and after the fix,
//      with kbuild's flags for it in the target configuration, to IR that
//      no optimization has touched yet;
//   2. the IR says which functions changed (diff/TuCompare.h);
//   3. the shipped kernel's DWARF says what must be replaced for them
//      (inlined into callers, gcc clones; diff/ReplacementPlan.h);
//   4. the new code is extracted, every other symbol bound to the kernel's
//      own (diff/Extract.h), compiled with the plugin and objtool;
//   5. the scaffolding is generated and kbuild links the module with
//      klp-ld; OUT.ko is written only when klp-check passes it.
// The source tree is never written: the fixed files are compiled through a
// clang VFS overlay.
//
//===----------------------------------------------------------------------===//

#include "diff/Extract.h"
#include "diff/KernelTree.h"
#include "diff/ReplacementPlan.h"
#include "diff/Scaffold.h"
#include "diff/TuCompare.h"
#include "diff/UnifiedDiff.h"
#include "format/KlpFormat.h"
#include "manifest/DebugUnits.h"
#include "manifest/Manifest.h"
#include "support/OutputFile.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Bitcode/BitcodeWriter.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/IRReader/IRReader.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>
#include <map>
#include <thread>

using namespace llvm;
using namespace klp;

namespace {

cl::OptionCategory Category("klp-diff options");
cl::list<std::string> PatchPaths(cl::Positional, cl::desc("<fix.patch>..."),
                                 cl::cat(Category));
cl::opt<std::string>
    SourceDir("source",
              cl::desc("The target kernel's prepared source (what "
                       "`scripts/kernel.sh source` prints: linux/ and obj/)"),
              cl::value_desc("dir"), cl::cat(Category));
cl::opt<std::string>
    KernelDir("kernel",
              cl::desc("The target kernel's build or headers directory (KDIR)"),
              cl::value_desc("dir"), cl::cat(Category));
cl::opt<std::string> ManifestPath("manifest",
                                  cl::desc("The target kernel's manifest"),
                                  cl::value_desc("file"), cl::cat(Category));
cl::opt<std::string> VmlinuxPath("vmlinux",
                                 cl::desc("The kernel's unstripped vmlinux"),
                                 cl::value_desc("file"), cl::cat(Category));
cl::opt<std::string> DebugRoot(
    "debug-root",
    cl::desc("An unpacked -dbg package: usr/lib/debug/boot/vmlinux-REL and "
             "usr/lib/debug/lib/modules/REL/**/*.ko"),
    cl::value_desc("dir"), cl::cat(Category));
cl::opt<std::string>
    ModuleName("name",
               cl::desc("The livepatch's name (default: from the first patch "
                        "file's name)"),
               cl::value_desc("name"), cl::cat(Category));
cl::opt<std::string> OutputPath("o", cl::desc("The livepatch module to write"),
                                cl::value_desc("file.ko"), cl::cat(Category));
// Each step on its own, for tests and for looking at a fix: the fixed text
// of one file (with its #line directives), or the changes between two IR
// files of one translation unit.
cl::opt<std::string> ApplyTo(
    "apply-to",
    cl::desc("Print FILE with the fix applied, as klp-diff compiles it, and "
             "stop"),
    cl::value_desc("file"), cl::cat(Category));
cl::opt<bool> CompareIR(
    "compare-ir",
    cl::desc("Compare two IR files (BEFORE AFTER, as positional arguments) "
             "of one translation unit, print what changed, and stop"),
    cl::cat(Category));
cl::opt<unsigned> MaxHeaderUsers(
    "max-header-users",
    cl::desc("Follow a header change into at most this many files of the "
             "shipped kernel that include it; refuse it beyond (default 40)"),
    cl::init(40), cl::cat(Category));
cl::opt<std::string> CacheDirOpt(
    "cache-dir",
    cl::desc("Where the kernel output tree klp-diff compiles in is kept "
             "between runs (default: the user's cache directory, "
             "klp-llvm/diff)"),
    cl::value_desc("dir"), cl::cat(Category));
cl::opt<std::string> WorkDirOpt(
    "work-dir",
    cl::desc("Keep the intermediate files in this directory (default: a "
             "temporary one, removed at the end)"),
    cl::value_desc("dir"), cl::cat(Category));

using Clock = std::chrono::steady_clock;
double secondsSince(Clock::time_point T0) {
  return std::chrono::duration<double>(Clock::now() - T0).count();
}

std::string tidy(double S) { return formatv("{0:f1} s", S).str(); }

Error fail(const Twine &Msg) {
  return createStringError(inconvertibleErrorCode(), Msg);
}

Error writeFile(StringRef Path, StringRef Text) {
  if (std::error_code EC =
          sys::fs::create_directories(sys::path::parent_path(Path)))
    return fail(Path + ": " + EC.message());
  std::error_code EC;
  raw_fd_ostream OS(Path, EC);
  if (EC)
    return fail(Path + ": " + EC.message());
  OS << Text;
  OS.close();
  if (OS.has_error())
    return fail(Path + ": " + OS.error().message());
  return Error::success();
}

Expected<std::unique_ptr<Module>> loadIR(StringRef Path, LLVMContext &Ctx) {
  SMDiagnostic Diag;
  std::unique_ptr<Module> M = parseIRFile(Path, Diag, Ctx);
  if (!M)
    return fail(Path + ": " + Diag.getMessage());
  return M;
}

// One touched file on its way through the steps.
struct TouchedFile {
  FilePatch Patch; ///< every patch's hunks for it, applied in order
  std::string Via; ///< the changed header it includes, "" for a fixed file
  std::string Before, After; ///< the text before and after the fix
  CompileCommand Command;
  std::string Object; ///< "vmlinux" or the module's name
  TuChanges Changes;
  ReplacementPlan Plan;
  ExtractReport Extracted;
  std::string NewObject; ///< kbuild object name of its new code
};

class KlpDiff {
public:
  Error run();

private:
  Error readPatches();
  Error followHeaders();
  Expected<std::vector<std::string>> headerUsers(StringRef Header);
  Error writeOverlay();
  Error compileAll();
  Expected<ShippedObject &> shippedObject(StringRef Object);
  Error buildNewCode(TouchedFile &F);
  Error buildModule(ArrayRef<ReplacementPlan> Plans,
                    ArrayRef<std::string> Objects);
  std::string work(const Twine &Rel) const {
    return (WorkDir + "/" + Rel).str();
  }

  std::vector<TouchedFile> Files;
  /// Changed headers: path and text after the fix.
  std::vector<std::pair<std::string, std::string>> Headers;
  std::string Overlay; ///< clang's VFS overlay of every fixed file
  PreparedSource Source;
  std::unique_ptr<Manifest> Man;
  std::string WorkDir, Log, Release, Name, BinDir, OutTree;
  std::map<std::string, std::unique_ptr<ShippedObject>> Shipped;
  LLVMContext Ctx;
  double KbuildSeconds = 0;
};

Error KlpDiff::readPatches() {
  std::map<std::string, size_t> Index;
  for (const std::string &Path : PatchPaths) {
    ErrorOr<std::unique_ptr<MemoryBuffer>> Buf = MemoryBuffer::getFile(Path);
    if (!Buf)
      return fail(Path + ": " + Buf.getError().message());
    Expected<std::vector<FilePatch>> Parsed = parseUnifiedDiff(**Buf);
    if (!Parsed)
      return Parsed.takeError();
    for (FilePatch &P : *Parsed) {
      StringRef Ext = sys::path::extension(P.Path);
      if (P.Created || P.Deleted)
        return fail(Path + ": " + P.Path + ": the fix " +
                    (P.Created ? "creates" : "deletes") +
                    " a file; a livepatch replaces functions of the files "
                    "the kernel was built from");
      if (Ext == ".S" || Ext == ".s")
        return fail(Path + ": " + P.Path +
                    ": the fix changes assembly, which klp-diff cannot "
                    "livepatch (only C functions are replaced)");
      if (Ext == ".h") {
        auto It =
            llvm::find_if(Headers, [&](auto &H) { return H.first == P.Path; });
        std::string Abs = Source.SrcTree + "/" + P.Path;
        if (It == Headers.end()) {
          ErrorOr<std::unique_ptr<MemoryBuffer>> Text =
              MemoryBuffer::getFile(Abs);
          if (!Text)
            return fail(Abs + ": " + Text.getError().message() +
                        " (the fix names " + P.Path + ")");
          Headers.emplace_back(P.Path, (*Text)->getBuffer().str());
          It = Headers.end() - 1;
        }
        Expected<std::string> Patched =
            applyFilePatch(It->second, P, /*KeepLineNumbers=*/true);
        if (!Patched)
          return fail(Path + ": " + toString(Patched.takeError()));
        It->second = std::move(*Patched);
        continue;
      }
      if (Ext != ".c")
        return fail(Path + ": " + P.Path +
                    ": the fix changes a file that is not C source (the "
                    "build or the configuration); a livepatch cannot");
      auto [It, New] = Index.try_emplace(P.Path, Files.size());
      if (New) {
        TouchedFile F;
        F.Patch.Path = P.Path;
        std::string Abs = Source.SrcTree + "/" + P.Path;
        ErrorOr<std::unique_ptr<MemoryBuffer>> Text =
            MemoryBuffer::getFile(Abs);
        if (!Text)
          return fail(Abs + ": " + Text.getError().message() +
                      " (the fix names " + P.Path + ")");
        F.Before = F.After = (*Text)->getBuffer().str();
        Files.push_back(std::move(F));
      }
      TouchedFile &F = Files[It->second];
      Expected<std::string> Patched =
          applyFilePatch(F.After, P, /*KeepLineNumbers=*/true);
      if (!Patched)
        return fail(Path + ": " + toString(Patched.takeError()));
      F.After = std::move(*Patched);
    }
  }
  return Error::success();
}

// The files of the shipped kernel whose line tables name \p Header: of
// vmlinux, and with --debug-root of every module (a module that cannot
// include it is skipped by a search for the header's name in its file
// first, so that reading 1,100 debug modules takes seconds).
Expected<std::vector<std::string>> KlpDiff::headerUsers(StringRef Header) {
  std::vector<std::string> Users;
  Expected<ShippedObject &> Vmlinux = shippedObject(VmlinuxObject);
  if (!Vmlinux)
    return Vmlinux.takeError();
  Expected<std::vector<std::string>> Units = Vmlinux->unitsIncluding(Header);
  if (!Units)
    return Units.takeError();
  Users = std::move(*Units);
  // Past the limit the change is refused anyway: no need to read modules.
  if (DebugRoot.empty() || Users.size() > MaxHeaderUsers)
    return Users;
  std::string Dir = DebugRoot + "/usr/lib/debug/lib/modules/" + Release;
  StringRef Name = sys::path::filename(Header);
  std::error_code EC;
  for (sys::fs::recursive_directory_iterator I(Dir, EC), E; I != E && !EC;
       I.increment(EC)) {
    if (!StringRef(I->path()).ends_with(".ko"))
      continue;
    ErrorOr<std::unique_ptr<MemoryBuffer>> Buf =
        MemoryBuffer::getFile(I->path(), false, false);
    if (!Buf || !(*Buf)->getBuffer().contains(Name))
      continue;
    Expected<std::unique_ptr<ShippedObject>> Module =
        ShippedObject::open(I->path());
    if (!Module)
      return Module.takeError();
    Expected<std::vector<std::string>> Units =
        (*Module)->unitsIncluding(Header);
    if (!Units)
      return Units.takeError();
    llvm::append_range(Users, *Units);
    if (Users.size() > MaxHeaderUsers)
      break;
  }
  if (EC)
    return fail(Dir + ": " + EC.message());
  llvm::sort(Users);
  Users.erase(std::unique(Users.begin(), Users.end()), Users.end());
  return Users;
}

// A changed header changes every file of the kernel that includes it: each
// such .c file is compiled before and after the fix too (the header through
// the overlay), and what changed in it is replaced like any other change.
Error KlpDiff::followHeaders() {
  for (auto &[Header, Text] : Headers) {
    Expected<std::vector<std::string>> Users = headerUsers(Header);
    if (!Users)
      return fail(Header + ": cannot tell which files include it: " +
                  toString(Users.takeError()));
    std::vector<std::string> CFiles;
    for (const std::string &U : *Users)
      if (StringRef(U).ends_with(".c"))
        CFiles.push_back(U);
    if (CFiles.size() > MaxHeaderUsers) {
      size_t Shown = std::min<size_t>(CFiles.size(), 8);
      return fail(Header + ": the fix changes a header that more than " +
                  Twine(MaxHeaderUsers) + " files of the shipped kernel " +
                  "include (" +
                  join(ArrayRef<std::string>(CFiles).take_front(Shown), ", ") +
                  (CFiles.size() > Shown ? ", ..." : "") +
                  "); klp-diff follows a header into at most " +
                  Twine(MaxHeaderUsers) +
                  " (--max-header-users): change the inline functions or "
                  "macros in the .c files that need the fix instead");
    }
    outs() << Header << ": followed into the " << CFiles.size()
           << " files of the shipped kernel that include it\n";
    for (const std::string &C : CFiles) {
      if (llvm::any_of(Files, [&](auto &F) { return F.Patch.Path == C; }))
        continue;
      TouchedFile F;
      F.Patch.Path = C;
      F.Via = Header;
      std::string Abs = Source.SrcTree + "/" + C;
      ErrorOr<std::unique_ptr<MemoryBuffer>> Text = MemoryBuffer::getFile(Abs);
      if (!Text)
        return fail(Abs + ": " + Text.getError().message() + " (it includes " +
                    Header + ", says the shipped kernel's debug info)");
      F.Before = F.After = (*Text)->getBuffer().str();
      Files.push_back(std::move(F));
    }
  }
  return Error::success();
}

// One overlay for every compile after the fix: the fixed .c files and
// headers, each seen by clang at its original path (so __FILE__, the debug
// info and #include "..." are as in the kernel's own build).
Error KlpDiff::writeOverlay() {
  std::string Yaml;
  raw_string_ostream YS(Yaml);
  YS << "{ 'version': 0, 'use-external-names': false, 'roots': [\n";
  bool First = true;
  auto add = [&](StringRef Path, StringRef Text) -> Error {
    std::string Fixed = work("fixed/" + Path);
    if (Error E = writeFile(Fixed, Text))
      return E;
    YS << (First ? "" : ",\n") << "  { 'type': 'file', 'name': '"
       << Source.SrcTree << "/" << Path << "', 'external-contents': '" << Fixed
       << "' }";
    First = false;
    return Error::success();
  };
  for (const TouchedFile &F : Files)
    if (F.After != F.Before)
      if (Error E = add(F.Patch.Path, F.After))
        return E;
  for (auto &[Header, Text] : Headers)
    if (Error E = add(Header, Text))
      return E;
  YS << "\n] }\n";
  YS.flush();
  Overlay = work("overlay.yaml");
  return writeFile(Overlay, Yaml);
}

Error KlpDiff::compileAll() {
  auto T0 = Clock::now();
  std::vector<std::string> Paths;
  for (const TouchedFile &F : Files)
    Paths.push_back(F.Patch.Path);
  Expected<std::vector<CompileCommand>> Commands =
      kbuildCompile(Source, OutTree, Paths, Log);
  if (!Commands)
    return Commands.takeError();
  KbuildSeconds += secondsSince(T0);
  // Every file before and after the fix, to IR no optimization touched (no
  // inlining: each function's own code), as many at once as there are CPUs.
  std::vector<std::vector<std::string>> Compiles;
  for (size_t I = 0; I < Files.size(); ++I) {
    TouchedFile &F = Files[I];
    F.Command = std::move((*Commands)[I]);
    F.Object = F.Command.InModule ? normalizeObjectName(F.Command.ModName)
                                  : std::string(VmlinuxObject);
    for (bool Fix : {false, true}) {
      std::vector<std::string> Argv = F.Command.Compiler;
      // The fix may use klp.h (callbacks): the include directory beside
      // bin/.
      if (Fix)
        Argv.insert(Argv.end(),
                    {"-ivfsoverlay", Overlay, "-I",
                     sys::path::parent_path(BinDir).str() + "/include"});
      std::string Out =
          work((Fix ? "after/" : "before/") + F.Patch.Path + ".bc");
      if (std::error_code EC =
              sys::fs::create_directories(sys::path::parent_path(Out)))
        return fail(Out + ": " + EC.message());
      Argv.insert(Argv.end(), {"-emit-llvm", "-Xclang", "-disable-llvm-passes",
                               "-c", "-o", Out, F.Command.SourcePath});
      Compiles.push_back(std::move(Argv));
    }
  }
  std::vector<Error> Results =
      runCommands(Compiles, OutTree, Log,
                  std::max(1u, std::thread::hardware_concurrency()));
  Error First = Error::success();
  for (size_t I = 0; I < Results.size(); ++I) {
    if (!Results[I] || First) {
      consumeError(std::move(Results[I]));
      continue;
    }
    const TouchedFile &F = Files[I / 2];
    bool Fix = I % 2;
    First = fail((Fix ? "the fixed " : "the original ") + F.Patch.Path +
                 (F.Via.empty() ? "" : " (with the fixed " + F.Via + ")") +
                 " does not compile: " + toString(std::move(Results[I])));
  }
  return First;
}

Expected<ShippedObject &> KlpDiff::shippedObject(StringRef Object) {
  auto It = Shipped.find(Object.str());
  if (It != Shipped.end())
    return *It->second;
  std::string Path;
  if (Object == VmlinuxObject) {
    Path = VmlinuxPath;
    if (Path.empty() && !DebugRoot.empty())
      Path = DebugRoot + "/usr/lib/debug/boot/vmlinux-" + Release;
    if (Path.empty())
      return fail("the patch changes vmlinux: give its unstripped vmlinux "
                  "(--vmlinux, from the linux-image-" +
                  Release + "-dbg package) or --debug-root");
  } else {
    if (DebugRoot.empty())
      return fail("the patch changes the module " + Object +
                  ": give --debug-root, the unpacked linux-image-" + Release +
                  "-dbg package with its modules' debug info");
    std::string Dir = DebugRoot + "/usr/lib/debug/lib/modules/" + Release;
    std::error_code EC;
    for (sys::fs::recursive_directory_iterator I(Dir, EC), E; I != E && !EC;
         I.increment(EC)) {
      StringRef File = sys::path::filename(I->path());
      if (File.consume_back(".ko") && normalizeObjectName(File) == Object) {
        Path = I->path();
        break;
      }
    }
    if (EC)
      return fail(Dir + ": " + EC.message());
    if (Path.empty())
      return fail(Dir + " has no " + Object + ".ko");
  }
  Expected<std::unique_ptr<ShippedObject>> Opened = ShippedObject::open(Path);
  if (!Opened)
    return Opened.takeError();
  return *(Shipped[Object.str()] = std::move(*Opened));
}

Error KlpDiff::buildNewCode(TouchedFile &F) {
  Expected<std::unique_ptr<Module>> Before =
      loadIR(work("before/" + F.Patch.Path + ".bc"), Ctx);
  if (!Before)
    return Before.takeError();
  Expected<std::unique_ptr<Module>> After =
      loadIR(work("after/" + F.Patch.Path + ".bc"), Ctx);
  if (!After)
    return After.takeError();
  Expected<TuChanges> Changes = compareUnits(**Before, **After, F.Patch.Path);
  if (!Changes)
    return Changes.takeError();
  F.Changes = std::move(*Changes);
  outs() << F.Patch.Path << " (" << F.Object << "):\n";
  auto list = [](StringRef What, ArrayRef<std::string> Names) {
    if (!Names.empty())
      outs() << "  " << What << ": " << join(Names, ", ") << "\n";
  };
  list("changed", F.Changes.Changed);
  list("new functions", F.Changes.Added);
  list("removed", F.Changes.Removed);
  bool Callbacks = hasCallbacks(**After);
  if (F.Changes.Changed.empty() && !Callbacks)
    return Error::success();

  Expected<ShippedObject &> Object = shippedObject(F.Object);
  if (!Object)
    return Object.takeError();
  Expected<ShippedUnit> Unit = Object->unit(F.Patch.Path);
  if (!Unit)
    return Unit.takeError();
  // A fresh copy: the comparison stripped the debug info, which the
  // extraction needs to match static locals.
  Expected<std::unique_ptr<Module>> Fixed =
      loadIR(work("after/" + F.Patch.Path + ".bc"), Ctx);
  if (!Fixed)
    return Fixed.takeError();
  Expected<ReplacementPlan> Plan =
      planReplacement(F.Changes, **Fixed, *Unit, F.Object, *Man);
  if (!Plan)
    return Plan.takeError();
  F.Plan = std::move(*Plan);
  for (const ReplacedFunction &R : F.Plan.Replaced)
    outs() << "  replaces " << R.Name << " (" << F.Object << " "
           << R.Symbol.Name << "," << R.Symbol.sympos() << "): " << R.Why
           << "\n";
  list("no code in the shipped kernel, nothing to replace", F.Plan.NoCode);
  if (F.Plan.Replaced.empty() && !Callbacks)
    return Error::success();

  Expected<ExtractReport> Report =
      extractReplacement(**Fixed, F.Plan, *Unit, F.Changes);
  if (!Report)
    return Report.takeError();
  F.Extracted = std::move(*Report);
  F.Plan.Callbacks = F.Extracted.Callbacks;
  for (auto &[Kind, Function] : F.Plan.Callbacks)
    outs() << "  " << Kind << " callback: "
           << StringRef(Function).drop_front(newFunctionName("").size())
           << "\n";
  for (auto &[Name, Why] : F.Extracted.Copied)
    outs() << "  copies " << Name << " into the patch: " << Why << "\n";
  for (auto &[Name, Why] : F.Extracted.OwnData)
    outs() << "  own data " << Name << ": " << Why << "\n";
  list("binds to the kernel's statics", F.Extracted.Bound);
  std::string Broken;
  raw_string_ostream BS(Broken);
  if (verifyModule(**Fixed, &BS))
    return fail("internal error: the extracted code of " + F.Patch.Path +
                " is not valid IR: " + BS.str());

  // Compiled like the file itself, with the plugin, then objtool as kbuild
  // runs it on a module's objects.
  std::string Stem = (sys::path::stem(F.Patch.Path) + "_new").str();
  std::string Bitcode = work("new/" + Stem + ".bc");
  {
    if (Error E = writeFile(Bitcode, ""))
      return E;
    std::error_code EC;
    raw_fd_ostream OS(Bitcode, EC);
    if (EC)
      return fail(Bitcode + ": " + EC.message());
    WriteBitcodeToFile(**Fixed, OS);
  }
  Expected<std::string> PluginFlags = captureCommand(
      {BinDir + "/klp-config", "--cflags", "--manifest", ManifestPath}, Log);
  if (!PluginFlags)
    return PluginFlags.takeError();
  std::vector<std::string> Argv = F.Command.Compiler;
  SmallVector<StringRef, 8> Words;
  StringRef(*PluginFlags).split(Words, ' ', -1, false);
  for (StringRef W : Words)
    if (!W.trim().empty())
      Argv.push_back(W.trim().str());
  if (F.Object != VmlinuxObject)
    Argv.insert(Argv.end(), {"-mllvm", "-klp-object=" + F.Object});
  std::string Obj = work("module/" + Stem + ".o_shipped");
  if (std::error_code EC = sys::fs::create_directories(work("module")))
    return fail(work("module") + ": " + EC.message());
  std::string Tmp = work("new/" + Stem + ".o");
  // The preprocessor's options (-I, -D, -include) have nothing to do with
  // IR input; some kernels build with -Werror.
  Argv.insert(Argv.end(), {"-Qunused-arguments", "-c", "-o", Tmp, Bitcode});
  if (Error E = runCommand(Argv, F.Command.Cwd, Log))
    return fail("compiling the new code of " + F.Patch.Path +
                " failed: " + toString(std::move(E)));
  for (std::vector<std::string> Post : F.Command.PostProcess) {
    Post.back() = Tmp;
    if (!is_contained(Post, "--module"))
      Post.insert(Post.end() - 1, "--module");
    if (Error E = runCommand(Post, F.Command.Cwd, Log))
      return fail("objtool refused the new code of " + F.Patch.Path + ": " +
                  toString(std::move(E)));
  }
  if (std::error_code EC = sys::fs::copy_file(Tmp, Obj))
    return fail(Obj + ": " + EC.message());
  // modpost reads each object's .cmd (for the module's srcversion): the
  // new code's source is the fixed file.
  if (Error E =
          writeFile(work("module/." + Stem + ".o.cmd"),
                    ("savedcmd_" + work("module/" + Stem + ".o") +
                     " := klp-diff\nsource_" + work("module/" + Stem + ".o") +
                     " := " + work("fixed/" + F.Patch.Path) + "\n")))
    return E;
  F.NewObject = Stem + ".o";
  return Error::success();
}

Error KlpDiff::buildModule(ArrayRef<ReplacementPlan> Plans,
                           ArrayRef<std::string> Objects) {
  Expected<Scaffold> S = makeScaffold(Name, Plans, Objects, PatchPaths.front());
  if (!S)
    return S.takeError();
  if (Error E = writeFile(work("module/klp_diff_patch.c"), S->Source))
    return E;
  if (Error E = writeFile(work("module/Kbuild"), S->Kbuild))
    return E;
  Expected<std::string> Words =
      captureCommand({BinDir + "/klp-config", "--kbuild", "--kernel", KernelDir,
                      "--manifest", ManifestPath},
                     Log);
  if (!Words)
    return Words.takeError();
  std::vector<std::string> Make = {"make", "-C", KernelDir,
                                   "M=" + work("module")};
  SmallVector<StringRef, 16> Split;
  StringRef(*Words).split(Split, ' ', -1, false);
  for (StringRef W : Split)
    if (!W.trim().empty())
      Make.push_back(W.trim().str());
  Make.push_back("modules");
  if (Error E = runCommand(Make, WorkDir, Log))
    return fail("kbuild could not link the livepatch: " +
                toString(std::move(E)));
  std::string Ko = work("module/" + Name + ".ko");
  if (Error E =
          runCommand({BinDir + "/klp-check", "--manifest", ManifestPath, Ko},
                     WorkDir, Log))
    return fail("klp-check refuses the module, so it was not written: " +
                toString(std::move(E)));
  // Into place as ld.lld writes: atomically, nothing left by a kill.
  ErrorOr<std::unique_ptr<MemoryBuffer>> Module = MemoryBuffer::getFile(Ko);
  if (!Module)
    return fail(Ko + ": " + Module.getError().message());
  if (Error E = writeOutputFile(OutputPath, [&](raw_ostream &OS) {
        OS << (*Module)->getBuffer();
        return Error::success();
      }))
    return E;
  return Error::success();
}

Error KlpDiff::run() {
  auto T0 = Clock::now();
  for (auto [Given, Name] : {std::pair{!SourceDir.empty(), "--source"},
                             {!KernelDir.empty(), "--kernel"},
                             {!ManifestPath.empty(), "--manifest"},
                             {!OutputPath.empty(), "-o"},
                             {!PatchPaths.empty(), "a patch file"}})
    if (!Given)
      return fail(Twine("give ") + Name + " (klp-diff --help)");
  BinDir = sys::path::parent_path(
               sys::fs::getMainExecutable("klp-diff", (void *)&fail))
               .str();
  Expected<PreparedSource> Src = PreparedSource::open(SourceDir);
  if (!Src)
    return Src.takeError();
  Source = std::move(*Src);
  Expected<std::unique_ptr<Manifest>> M = Manifest::open(ManifestPath);
  if (!M)
    return M.takeError();
  Man = std::move(*M);
  // The generated patch always carries the load-time guard, which compares
  // the running kernel's build ID with the manifest's.
  if (Man->identity().VmlinuxBuildId.empty())
    return fail(ManifestPath +
                ": the manifest does not say which kernel "
                "build it describes (no vmlinux build ID), and klp-diff's "
                "patches refuse to enable on any other; make it with "
                "'klp-manifest capture' on the target machine, or add "
                "--vmlinux to 'klp-manifest build'");
  // The release, for the debug package's paths: uname -r as the headers'
  // utsrelease.h has it (Debian's include/config/kernel.release holds the
  // upstream version instead), else the manifest's.
  ErrorOr<std::unique_ptr<MemoryBuffer>> Uts =
      MemoryBuffer::getFile(KernelDir + "/include/generated/utsrelease.h");
  if (Uts) {
    StringRef Text = (*Uts)->getBuffer();
    size_t Quote = Text.find('"');
    if (Quote != StringRef::npos)
      Release = Text.drop_front(Quote + 1).split('"').first.str();
  }
  if (Release.empty())
    Release = Man->identity().Release;
  Name = ModuleName.empty() ? moduleNameFromPatch(PatchPaths.front())
                            : std::string(ModuleName);
  if (Error E = checkModuleName(Name))
    return fail("--name " + Name + ": " + toString(std::move(E)));

  SmallString<256> Work;
  if (!WorkDirOpt.empty()) {
    Work = WorkDirOpt;
    if (std::error_code EC = sys::fs::create_directories(Work))
      return fail(Work + ": " + EC.message());
  } else if (std::error_code EC =
                 sys::fs::createUniqueDirectory("klp-diff", Work)) {
    return fail("cannot create a work directory: " + EC.message());
  }
  sys::fs::make_absolute(Work);
  WorkDir = std::string(Work);
  Log = work("klp-diff.log");

  if (Error E = readPatches())
    return E;
  if (Error E = followHeaders())
    return E;
  if (Error E = writeOverlay())
    return E;
  outs() << "klp-diff: " << Files.size() << " file"
         << (Files.size() == 1 ? "" : "s") << " to compile:";
  for (const TouchedFile &F : Files)
    outs() << " " << F.Patch.Path;
  outs() << "\n";
  auto TCompile = Clock::now();
  SmallString<256> CacheDir(CacheDirOpt);
  if (CacheDir.empty()) {
    if (!sys::path::cache_directory(CacheDir))
      return fail("no cache directory (set HOME or XDG_CACHE_HOME, or give "
                  "--cache-dir)");
    sys::path::append(CacheDir, "klp-llvm", "diff");
  }
  Expected<std::string> Tree = outputTreeFor(Source, CacheDir, Log);
  if (!Tree)
    return Tree.takeError();
  OutTree = std::move(*Tree);
  if (Error E = compileAll())
    return E;
  double CompileSeconds = secondsSince(TCompile);
  auto TNew = Clock::now();
  std::vector<ReplacementPlan> Plans;
  std::vector<std::string> Objects;
  for (TouchedFile &F : Files) {
    if (Error E = buildNewCode(F))
      return E;
    if (!F.NewObject.empty()) {
      Plans.push_back(F.Plan);
      Objects.push_back(F.NewObject);
    }
  }
  if (Plans.empty())
    return fail("the fix changes no function the shipped kernel has code of; "
                "there is nothing to livepatch");
  double NewSeconds = secondsSince(TNew);
  auto TModule = Clock::now();
  if (Error E = buildModule(Plans, Objects))
    return E;
  if (WorkDirOpt.empty())
    sys::fs::remove_directories(WorkDir);
  outs() << "klp-diff: wrote " << OutputPath << " (livepatch " << Name
         << "; klp-check passed) in " << tidy(secondsSince(T0))
         << ": kbuild's own compile " << tidy(KbuildSeconds)
         << ", compiles before/after " << tidy(CompileSeconds - KbuildSeconds)
         << ", new code " << tidy(NewSeconds) << ", module "
         << tidy(secondsSince(TModule)) << "\n";
  return Error::success();
}

// --apply-to FILE FIX.patch...: FILE's text after every patch's hunks for
// a file of its name (the diff's path ends in FILE's path).
Error applyTo() {
  ErrorOr<std::unique_ptr<MemoryBuffer>> Text = MemoryBuffer::getFile(ApplyTo);
  if (!Text)
    return fail(ApplyTo + ": " + Text.getError().message());
  std::string Current = (*Text)->getBuffer().str();
  bool Applied = false;
  for (const std::string &Path : PatchPaths) {
    ErrorOr<std::unique_ptr<MemoryBuffer>> Buf = MemoryBuffer::getFile(Path);
    if (!Buf)
      return fail(Path + ": " + Buf.getError().message());
    Expected<std::vector<FilePatch>> Parsed = parseUnifiedDiff(**Buf);
    if (!Parsed)
      return Parsed.takeError();
    for (const FilePatch &P : *Parsed) {
      if (!StringRef(ApplyTo).ends_with(P.Path))
        continue;
      Expected<std::string> Patched = applyFilePatch(Current, P, true);
      if (!Patched)
        return fail(Path + ": " + toString(Patched.takeError()));
      Current = std::move(*Patched);
      Applied = true;
    }
  }
  if (!Applied)
    return fail("no patch changes " + ApplyTo);
  outs() << Current;
  return Error::success();
}

// --compare-ir BEFORE AFTER: the changes compareUnits finds.
Error compareIR() {
  if (PatchPaths.size() != 2)
    return fail("--compare-ir takes two IR files, BEFORE and AFTER");
  LLVMContext Ctx;
  Expected<std::unique_ptr<Module>> Before = loadIR(PatchPaths[0], Ctx);
  if (!Before)
    return Before.takeError();
  Expected<std::unique_ptr<Module>> After = loadIR(PatchPaths[1], Ctx);
  if (!After)
    return After.takeError();
  Expected<TuChanges> Changes =
      compareUnits(**Before, **After, (*After)->getSourceFileName());
  if (!Changes)
    return Changes.takeError();
  auto list = [](StringRef What, ArrayRef<std::string> Names) {
    outs() << What << ":" << (Names.empty() ? "" : " ") << join(Names, " ")
           << "\n";
  };
  list("changed", Changes->Changed);
  list("new functions", Changes->Added);
  list("new data", Changes->AddedData);
  list("removed", Changes->Removed);
  return Error::success();
}

} // namespace

int main(int argc, char **argv) {
  InitLLVM X(argc, argv);
  cl::HideUnrelatedOptions(Category);
  cl::ParseCommandLineOptions(
      argc, argv,
      "klp-diff: build a livepatch module for a shipped kernel from a fix to "
      "its source\n\n"
      "  klp-diff --source SRC --kernel KDIR --manifest M "
      "[--vmlinux VMLINUX] [--debug-root DBG] [--name NAME] -o OUT.ko "
      "FIX.patch...\n");
  if (!ApplyTo.empty() || CompareIR) {
    Error E = ApplyTo.empty() ? compareIR() : applyTo();
    if (E) {
      WithColor::error(errs(), "klp-diff") << toString(std::move(E)) << "\n";
      return 1;
    }
    return 0;
  }
  KlpDiff Tool;
  Error E = Tool.run();
  // The work directory stays for inspection when asked for or on failure.
  outs().flush();
  if (E) {
    WithColor::error(errs(), "klp-diff") << toString(std::move(E)) << "\n";
    return 1;
  }
  return 0;
}
