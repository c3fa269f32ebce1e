//===- diff/KernelTree.cpp - The prepared kernel source and kbuild --------===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "diff/KernelTree.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MD5.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/StringSaver.h"

#include <optional>
#include <thread>

using namespace llvm;

namespace klp {

static Error fail(const Twine &Msg) {
  return createStringError(inconvertibleErrorCode(), Msg);
}

Expected<PreparedSource> PreparedSource::open(StringRef Dir) {
  PreparedSource S;
  SmallString<256> Abs(Dir);
  if (std::error_code EC = sys::fs::make_absolute(Abs))
    return fail(Dir + ": " + EC.message());
  S.Dir = std::string(Abs);
  S.SrcTree = (Abs + "/linux").str();
  S.ObjTree = (Abs + "/obj").str();
  std::string Args = (Abs + "/make.args").str();
  const char *Hint = "; give --source the prepared source that "
                     "`scripts/kernel.sh --kernel K source` prints";
  if (!sys::fs::exists(S.SrcTree + "/Makefile"))
    return fail(Dir + ": no kernel source tree in linux/" + Twine(Hint));
  if (!sys::fs::is_directory(S.ObjTree + "/include/generated"))
    return fail(Dir + ": no prepared output tree in obj/" + Twine(Hint));
  ErrorOr<std::unique_ptr<MemoryBuffer>> Buf = MemoryBuffer::getFile(Args);
  if (!Buf)
    return fail(Args + ": " + Buf.getError().message() + Twine(Hint));
  SmallVector<StringRef, 32> Lines;
  (*Buf)->getBuffer().split(Lines, '\n', -1, /*KeepEmpty=*/false);
  for (StringRef L : Lines)
    S.MakeArgs.push_back(L.str());
  return S;
}

namespace {

// One command on its way: started, its output going to a file of its own
// (appended to the shared log when it ends, so that parallel commands do
// not interleave).
struct RunningCommand {
  std::vector<std::string> Argv;
  std::string Part;
  sys::ProcessInfo Process;
};

Expected<RunningCommand> startCommand(ArrayRef<std::string> Argv, StringRef Cwd,
                                      StringRef Log, unsigned Index) {
  std::string Program = Argv.front();
  if (!StringRef(Program).contains('/')) {
    ErrorOr<std::string> Found = sys::findProgramByName(Program);
    if (!Found)
      return fail(Program + " not found on PATH");
    Program = *Found;
  }
  RunningCommand R;
  R.Argv = Argv.vec();
  R.Part = (Log + ".part" + Twine(Index)).str();
  // ExecuteNoWait has no working directory; the shell's cd gives one
  // without changing this process's.
  std::vector<StringRef> Args = {"/bin/sh", "-c", "cd \"$0\" && exec \"$@\"",
                                 Cwd, Program};
  for (const std::string &A : Argv.drop_front())
    Args.push_back(A);
  std::optional<StringRef> Redirects[] = {StringRef("/dev/null"),
                                          StringRef(R.Part), StringRef(R.Part)};
  std::string ErrMsg;
  R.Process =
      sys::ExecuteNoWait("/bin/sh", Args, std::nullopt, Redirects, 0, &ErrMsg);
  if (R.Process.Pid == sys::ProcessInfo::InvalidPid)
    return fail("cannot run " + Twine(Argv.front()) + ": " + ErrMsg);
  return R;
}

Error finishCommand(RunningCommand &R, StringRef Log) {
  std::string ErrMsg;
  sys::ProcessInfo Done =
      sys::Wait(R.Process, /*SecondsToWait=*/std::nullopt, &ErrMsg);
  {
    std::error_code EC;
    raw_fd_ostream Out(Log, EC, sys::fs::OF_Append | sys::fs::OF_Text);
    ErrorOr<std::unique_ptr<MemoryBuffer>> Text =
        MemoryBuffer::getFile(R.Part, /*IsText=*/true);
    if (!EC) {
      Out << "$ " << join(R.Argv, " ") << "\n";
      if (Text)
        Out << (*Text)->getBuffer();
    }
    sys::fs::remove(R.Part);
  }
  if (Done.ReturnCode != 0)
    return fail(Twine(R.Argv.front()) + " failed" +
                (Done.ReturnCode < 0
                     ? ": " + ErrMsg
                     : " (exit status " + Twine(Done.ReturnCode) + ")") +
                "; see " + Log);
  return Error::success();
}

} // namespace

Error runCommand(ArrayRef<std::string> Argv, StringRef Cwd, StringRef Log) {
  std::vector<std::string> One(Argv.begin(), Argv.end());
  std::vector<Error> Errors = runCommands({One}, Cwd, Log, 1);
  return std::move(Errors.front());
}

std::vector<Error> runCommands(ArrayRef<std::vector<std::string>> Commands,
                               StringRef Cwd, StringRef Log, unsigned Jobs) {
  std::vector<Error> Errors;
  for (size_t I = 0; I < Commands.size(); ++I)
    Errors.push_back(Error::success());
  std::vector<std::pair<size_t, RunningCommand>> Running;
  size_t Next = 0;
  auto finishOldest = [&] {
    auto &[Index, R] = Running.front();
    Errors[Index] = finishCommand(R, Log);
    Running.erase(Running.begin());
  };
  while (Next < Commands.size() || !Running.empty()) {
    if (Next < Commands.size() && Running.size() < std::max(1u, Jobs)) {
      Expected<RunningCommand> R =
          startCommand(Commands[Next], Cwd, Log, unsigned(Next));
      if (!R)
        Errors[Next] = R.takeError();
      else
        Running.emplace_back(Next, std::move(*R));
      ++Next;
      continue;
    }
    finishOldest();
  }
  return Errors;
}

Expected<std::string> captureCommand(ArrayRef<std::string> Argv,
                                     StringRef Log) {
  SmallString<256> Out;
  if (std::error_code EC = sys::fs::createTemporaryFile("klp-diff", "out", Out))
    return fail("cannot create a temporary file: " + EC.message());
  std::vector<StringRef> Args(Argv.begin(), Argv.end());
  std::optional<StringRef> Redirects[] = {StringRef("/dev/null"),
                                          StringRef(Out), Log};
  std::string ErrMsg;
  ErrorOr<std::string> Program = sys::findProgramByName(Argv.front());
  int RC = Program ? sys::ExecuteAndWait(*Program, Args, std::nullopt,
                                         Redirects, 0, 0, &ErrMsg)
                   : -1;
  ErrorOr<std::unique_ptr<MemoryBuffer>> Text = MemoryBuffer::getFile(Out);
  sys::fs::remove(Out);
  if (RC != 0)
    return fail(Twine(Argv.front()) + " failed" +
                (RC < 0 ? ": " + ErrMsg : " (exit status " + Twine(RC) + ")") +
                "; see " + Log);
  if (!Text)
    return fail(Out + ": " + Text.getError().message());
  return (*Text)->getBuffer().str();
}

Expected<CompileCommand> parseKbuildCmd(StringRef CmdText, StringRef CmdFile) {
  StringRef Line;
  for (StringRef L : split(CmdText, '\n'))
    if (L.starts_with("cmd_") || L.starts_with("savedcmd_")) {
      Line = L;
      break;
    }
  size_t Assign = Line.find(":=");
  if (Assign == StringRef::npos)
    return fail(CmdFile + ": no 'cmd_<object> := <command>' line");
  BumpPtrAllocator Alloc;
  StringSaver Saver(Alloc);
  CompileCommand C;
  // The command is a shell list: the compile, then "; objtool ...".
  SmallVector<StringRef, 4> Parts;
  StringRef(Line).drop_front(Assign + 2).split(Parts, " ; ");
  SmallVector<const char *, 128> Words;
  cl::TokenizeGNUCommandLine(Parts[0].ltrim().rtrim(" ;"), Saver, Words);
  if (Words.size() < 4)
    return fail(CmdFile + ": the compile command is too short: " + Parts[0]);
  for (size_t I = 0; I < Words.size(); ++I) {
    StringRef W = Words[I];
    if (W.starts_with("-Wp,-MMD,") || W.starts_with("-Wp,-MD,"))
      continue;
    if (W == "-c")
      continue;
    if (W == "-o" && I + 1 < Words.size()) {
      ++I;
      continue;
    }
    if (I + 1 == Words.size() && W.ends_with(".c")) {
      C.SourcePath = W.str();
      continue;
    }
    if (W == "-DMODULE")
      C.InModule = true;
    if (W.consume_front("-DKBUILD_MODNAME="))
      C.ModName = W.trim("\"'").str();
    C.Compiler.push_back(Words[I]);
  }
  if (C.SourcePath.empty())
    return fail(CmdFile + ": the compile command does not end in its .c file");
  for (size_t P = 1; P < Parts.size(); ++P) {
    SmallVector<const char *, 32> Post;
    cl::TokenizeGNUCommandLine(Parts[P].trim(" ;"), Saver, Post);
    if (Post.empty())
      continue;
    StringRef Tool = sys::path::filename(Post[0]);
    // objtool adds the ORC unwind data the livepatch consistency model's
    // reliable stack traces need; recordmcount is not needed in the patch
    // (its functions are targets, not patched).
    if (Tool != "objtool")
      continue;
    std::vector<std::string> Cmd(Post.begin(), Post.end());
    C.PostProcess.push_back(std::move(Cmd));
  }
  return C;
}

Expected<std::string> outputTreeFor(const PreparedSource &Source,
                                    StringRef CacheDir, StringRef Log) {
  MD5 Hash;
  Hash.update(Source.Dir);
  MD5::MD5Result Digest = Hash.final();
  SmallString<256> Tree(CacheDir);
  sys::path::append(Tree, Digest.digest().str().substr(0, 16), "obj");
  if (sys::fs::exists(Tree + "/.klp-diff-tree"))
    return std::string(Tree);
  // Copied beside and renamed into place: a run killed while copying
  // leaves no half tree that a later run would take for a whole one.
  SmallString<256> Parent = sys::path::parent_path(Tree);
  if (std::error_code EC = sys::fs::create_directories(Parent))
    return fail(Parent + ": " + EC.message());
  SmallString<256> Tmp;
  if (std::error_code EC =
          sys::fs::createUniqueDirectory(Parent + "/obj.tmp", Tmp))
    return fail(Parent + ": " + EC.message());
  if (Error E = runCommand({"cp", "-a", Source.ObjTree + "/.", Tmp.str().str()},
                           "/", Log)) {
    sys::fs::remove_directories(Tmp);
    return E;
  }
  {
    std::error_code EC;
    raw_fd_ostream Marker((Tmp + "/.klp-diff-tree").str(), EC);
    if (EC)
      return fail(Tmp + ": " + EC.message());
    Marker << Source.Dir << "\n";
  }
  if (std::error_code EC = sys::fs::rename(Tmp, Tree)) {
    // Another run's copy got there first; it is as good as this one.
    sys::fs::remove_directories(Tmp);
    if (!sys::fs::exists(Tree + "/.klp-diff-tree"))
      return fail(Tree + ": " + EC.message());
  }
  return std::string(Tree);
}

Expected<std::vector<CompileCommand>>
kbuildCompile(const PreparedSource &Source, StringRef OutTree,
              ArrayRef<std::string> RelPaths, StringRef Log) {
  // One make at a time in a tree: two klp-diff runs may share it.
  int LockFD;
  std::string LockPath = (OutTree + ".lock").str();
  if (std::error_code EC = sys::fs::openFileForReadWrite(
          LockPath, LockFD, sys::fs::CD_OpenAlways, sys::fs::OF_None))
    return fail(LockPath + ": " + EC.message());
  // Closing the descriptor releases the lock, on every way out.
  struct CloseOnExit {
    int FD;
    ~CloseOnExit() { sys::Process::SafelyCloseFileDescriptor(FD); }
  } CloseLock{LockFD};
  if (std::error_code EC = sys::fs::lockFile(LockFD))
    return fail(LockPath + ": " + EC.message());
  // One make for every file: kbuild reads its makefiles once.
  std::vector<std::string> Make = {
      "make",
      "-C",
      OutTree.str(),
      "-o",
      "prepare",
      "-j" + std::to_string(std::max(1u, std::thread::hardware_concurrency()))};
  Make.insert(Make.end(), Source.MakeArgs.begin(), Source.MakeArgs.end());
  for (const std::string &RelPath : RelPaths)
    Make.push_back((StringRef(RelPath).drop_back(2) + ".o").str());
  if (Error E = runCommand(Make, OutTree, Log))
    return fail("kbuild cannot compile " + join(RelPaths, ", ") +
                " in the target configuration: " + toString(std::move(E)));
  std::vector<CompileCommand> Commands;
  for (const std::string &RelPath : RelPaths) {
    SmallString<256> Cmd(OutTree);
    sys::path::append(Cmd, sys::path::parent_path(RelPath),
                      "." + sys::path::stem(RelPath) + ".o.cmd");
    ErrorOr<std::unique_ptr<MemoryBuffer>> Text = MemoryBuffer::getFile(Cmd);
    if (!Text)
      return fail(Cmd + ": " + Text.getError().message());
    Expected<CompileCommand> C = parseKbuildCmd((*Text)->getBuffer(), Cmd);
    if (!C)
      return C.takeError();
    C->RelPath = RelPath;
    C->Cwd = OutTree.str();
    Commands.push_back(std::move(*C));
  }
  return Commands;
}

} // namespace klp
