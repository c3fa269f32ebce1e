//===- support/OutputFile.cpp - Write an output file like ld.lld ----------===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Why an unnamed file: a named temporary file beside the output (what
// llvm::FileOutputBuffer and sys::fs::TempFile do) is removed by a signal
// handler on SIGINT or SIGTERM, but nothing can remove it after SIGKILL, an
// OOM kill or a power cut, and no later run knows it is stale (another run
// may be writing it right now). A file opened with O_TMPFILE has no name
// until it is complete; the kernel frees it with its last descriptor,
// however the process ends. It is then linked under a fresh temporary name
// and renamed over the output, because link() never replaces a name: a
// complete file can thus be left behind only by a kill between those two
// system calls. Cleaning up stale temporaries instead would have to guess
// which writer is dead (PIDs are reused, and the writer may be on another
// machine sharing the directory).
//
// That guess is still needed where another program writes the file by
// name: klp-ld's in-process ld.lld writes its output (and its own
// "<out>.tmpXXXXXXX") under a name klp-ld gives it. Those names carry the
// PID and a scope (boot, PID namespace, host) in which the PID means
// something, and the next run for the same output removes the ones whose
// process no longer exists (ownedTempName(), removeStaleTemps()).
//
//===----------------------------------------------------------------------===//

#include "support/OutputFile.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/Errc.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/xxhash.h"

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace llvm;

namespace klp {

static Error writeError(StringRef Path, std::error_code EC) {
  return createStringError(EC, "cannot write " + Path + ": " + EC.message());
}

static Error writeError(StringRef Path, int Errno) {
  return writeError(Path, std::error_code(Errno, std::generic_category()));
}

// A file-size limit (ulimit -f) kills the writer with SIGXFSZ by default,
// and LLVM's crash handler (InitLLVM) turns it into a stack dump and a
// "please submit a bug report": a full quota is no bug. While an output is
// written the signal is ignored, so write() fails with EFBIG and the error
// names the file; the previous disposition comes back afterwards.
namespace {
class IgnoreFileSizeSignal {
  struct sigaction Old;
  bool Saved;

public:
  IgnoreFileSizeSignal() {
    struct sigaction Ignore = {};
    Ignore.sa_handler = SIG_IGN;
    sigemptyset(&Ignore.sa_mask);
    Saved = ::sigaction(SIGXFSZ, &Ignore, &Old) == 0;
  }
  ~IgnoreFileSizeSignal() {
    if (Saved)
      ::sigaction(SIGXFSZ, &Old, nullptr);
  }
};
} // namespace

// Streams the contents to \p FD. The writer's own error wins over a write
// error (it says why the bytes are wrong); either means the file must go.
static Error streamTo(int FD, StringRef Path, OutputWriter Write) {
  raw_fd_ostream OS(FD, /*shouldClose=*/false);
  Error E = Write(OS);
  OS.flush();
  std::error_code EC = OS.error();
  OS.clear_error(); // raw_fd_ostream aborts on an unchecked error
  if (E)
    return E;
  if (EC)
    return writeError(Path, EC);
  return Error::success();
}

Expected<std::string> resolveSymlinks(StringRef Path) {
  std::string P = Path.str();
  // As many links as the kernel follows before ELOOP.
  for (int Depth = 0; Depth < 40; ++Depth) {
    struct stat St;
    if (::lstat(P.c_str(), &St) != 0 || !S_ISLNK(St.st_mode))
      return P;
    SmallString<256> Target;
    Target.resize(St.st_size ? St.st_size + 1 : 4096);
    ssize_t N = ::readlink(P.c_str(), Target.data(), Target.size());
    if (N < 0)
      return writeError(Path, errno);
    Target.resize(N);
    if (sys::path::is_absolute(Target)) {
      P = std::string(Target);
      continue;
    }
    SmallString<256> Joined(sys::path::parent_path(P));
    sys::path::append(Joined, Target);
    P = std::string(Joined);
  }
  return writeError(Path, ELOOP);
}

// A device, FIFO or socket is written to as it is, never replaced (ld.lld
// writes /dev/null; replacing it would break the machine).
static Error writeThrough(StringRef Path, int FD, OutputWriter Write) {
  Error E = streamTo(FD, Path, Write);
  if (FD != STDOUT_FILENO && ::close(FD) != 0 && !E)
    return writeError(Path, errno);
  return E;
}

// The fallback where O_TMPFILE is missing: a named temporary file beside
// the output, removed on failure and by LLVM's signal handlers.
static Error replaceThroughNamedTemp(StringRef Path, StringRef Target,
                                     OutputWriter Write,
                                     const OutputOptions &Opts) {
  Expected<sys::fs::TempFile> Temp =
      sys::fs::TempFile::create(Target + ".tmp%%%%%%%");
  if (!Temp) {
    std::error_code EC = errorToErrorCode(Temp.takeError());
    return writeError(Path, EC);
  }
  Error E = streamTo(Temp->FD, Path, Write);
  if (!E && Opts.Mode && ::fchmod(Temp->FD, *Opts.Mode) != 0)
    E = writeError(Path, errno);
  if (E) {
    consumeError(Temp->discard());
    return E;
  }
  if (Error KeepErr = Temp->keep(Target))
    return writeError(Path, errorToErrorCode(std::move(KeepErr)));
  return Error::success();
}

#ifdef O_TMPFILE
// Gives the complete unnamed file \p FD the name \p Target. Returns false
// when the file cannot be named at all here (no /proc, and no
// CAP_DAC_READ_SEARCH for AT_EMPTY_PATH): the caller writes it again
// through a named temporary file.
static Expected<bool> nameUnnamedFile(int FD, StringRef Path,
                                      StringRef Target) {
  char Proc[64];
  std::snprintf(Proc, sizeof(Proc), "/proc/self/fd/%d", FD);
  for (int Try = 0; Try < 100; ++Try) {
    SmallString<256> Temp;
    sys::fs::createUniquePath(Target + ".tmp%%%%%%%", Temp,
                              /*MakeAbsolute=*/false);
    int R = ::linkat(AT_FDCWD, Proc, AT_FDCWD, Temp.c_str(), AT_SYMLINK_FOLLOW);
    if (R != 0 && errno == ENOENT)
      R = ::linkat(FD, "", AT_FDCWD, Temp.c_str(), AT_EMPTY_PATH);
    if (R != 0) {
      if (errno == EEXIST)
        continue; // someone else's temporary: draw another name
      if (errno == ENOENT || errno == EPERM)
        return false;
      return writeError(Path, errno);
    }
    if (::rename(Temp.c_str(), Target.str().c_str()) != 0) {
      int Err = errno;
      ::unlink(Temp.c_str());
      return writeError(Path, Err);
    }
    return true;
  }
  return writeError(Path, EEXIST);
}
#endif

static Error replaceAtomically(StringRef Path, StringRef Target,
                               OutputWriter Write, const OutputOptions &Opts) {
#ifdef O_TMPFILE
  SmallString<256> Dir(sys::path::parent_path(Target));
  if (Dir.empty())
    Dir = ".";
  int FD = ::open(Dir.c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666);
  if (FD >= 0) {
    Error E = streamTo(FD, Path, Write);
    if (!E && Opts.Mode && ::fchmod(FD, *Opts.Mode) != 0)
      E = writeError(Path, errno);
    Expected<bool> Named =
        E ? Expected<bool>(std::move(E)) : nameUnnamedFile(FD, Path, Target);
    // Until it is named, closing the descriptor is all it takes to make
    // the file vanish.
    ::close(FD);
    if (!Named)
      return Named.takeError();
    if (*Named)
      return Error::success();
  } else if (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL) {
    // EOPNOTSUPP: the file system has no O_TMPFILE; EISDIR, EINVAL: the
    // kernel predates it (3.11). Anything else (no such directory, no
    // permission, read-only) is the answer for a named file too.
    return writeError(Path, errno);
  }
#endif
  return replaceThroughNamedTemp(Path, Target, Write, Opts);
}

// The processes whose PIDs this process can test: one boot, one PID
// namespace. A file made by another machine sharing the directory, or by
// another container, has another scope and is never removed here.
static std::string ownerScope() {
  std::string Key;
  if (ErrorOr<std::unique_ptr<MemoryBuffer>> Boot = MemoryBuffer::getFile(
          "/proc/sys/kernel/random/boot_id", /*IsText=*/true,
          /*RequiresNullTerminator=*/false))
    Key = (*Boot)->getBuffer().trim().str();
  char Ns[64];
  ssize_t N = ::readlink("/proc/self/ns/pid", Ns, sizeof(Ns));
  if (N > 0)
    Key.append(Ns, N);
  char Host[256] = {};
  if (::gethostname(Host, sizeof(Host) - 1) == 0)
    Key += Host;
  return utohexstr(xxh3_64bits(Key) & 0xffffffff, /*LowerCase=*/true, 8);
}

std::string ownedTempName(StringRef Path, StringRef Infix) {
  SmallString<256> Name;
  sys::fs::createUniquePath(Path + "." + Infix + "-" + ownerScope() + "-" +
                                Twine(::getpid()) + "-%%%%%%",
                            Name, /*MakeAbsolute=*/false);
  return std::string(Name);
}

void removeStaleTemps(StringRef Path, StringRef Infix) {
  SmallString<256> Dir(sys::path::parent_path(Path));
  if (Dir.empty())
    Dir = ".";
  std::string Prefix =
      (sys::path::filename(Path) + "." + Infix + "-" + ownerScope() + "-")
          .str();
  std::error_code EC;
  for (sys::fs::directory_iterator It(Dir, EC), End; It != End && !EC;
       It.increment(EC)) {
    StringRef Name = sys::path::filename(It->path());
    if (!Name.consume_front(Prefix))
      continue;
    unsigned Pid;
    if (Name.take_until([](char C) { return C == '-'; })
            .getAsInteger(10, Pid) ||
        Pid == 0)
      continue;
    // ESRCH: no such process. EPERM means it exists (another user's).
    if (::kill(static_cast<pid_t>(Pid), 0) == 0 || errno != ESRCH)
      continue;
    ::unlink(It->path().c_str());
  }
}

Error writeOutputFile(StringRef Path, OutputWriter Write,
                      const OutputOptions &Opts) {
  IgnoreFileSizeSignal NoSigxfsz;
  if (Path == "-")
    return writeThrough(Path, STDOUT_FILENO, Write);
  std::string Target = Path.str();
  if (Opts.FollowSymlinks) {
    Expected<std::string> Resolved = resolveSymlinks(Path);
    if (!Resolved)
      return Resolved.takeError();
    Target = std::move(*Resolved);
  }
  struct stat St;
  if (::stat(Target.c_str(), &St) == 0) {
    if (S_ISDIR(St.st_mode))
      return writeError(Path, EISDIR);
    if (!S_ISREG(St.st_mode)) {
      int FD = ::open(Target.c_str(), O_WRONLY | O_CLOEXEC);
      if (FD < 0)
        return writeError(Path, errno);
      return writeThrough(Path, FD, Write);
    }
  }
  return replaceAtomically(Path, Target, Write, Opts);
}

} // namespace klp
