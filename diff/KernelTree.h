//===- diff/KernelTree.h - The prepared kernel source and kbuild -*- C++
//-*-===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// klp-diff compiles single files of the target kernel's source with exactly
// the flags kbuild gives them in the target configuration. The source is
// prepared once (scripts/kernel.sh source: the unpacked linux-source, and an
// output tree configured like the image, with its generated headers and
// host tools); kbuild itself then says how it compiles a file: klp-diff lets
// it compile the unpatched file once in a private copy of the output tree
// and reads the command back from the .<file>.o.cmd kbuild writes. That one
// compile is also what "a plain kbuild compile" costs, for the benchmark.
//
//===----------------------------------------------------------------------===//

#ifndef KLP_DIFF_KERNELTREE_H
#define KLP_DIFF_KERNELTREE_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace klp {

/// A cache entry of scripts/lib/kernel-source.sh: DIR/linux (the source
/// tree, never written), DIR/obj (the prepared output tree, never written)
/// and DIR/make.args (the make words every run repeats, one a line).
struct PreparedSource {
  std::string Dir, SrcTree, ObjTree;
  std::vector<std::string> MakeArgs;

  static llvm::Expected<PreparedSource> open(llvm::StringRef Dir);
};

/// How kbuild compiles one .c file of the tree.
struct CompileCommand {
  std::string SourcePath; ///< absolute, inside the source tree
  std::string RelPath;    ///< "fs/proc/meminfo.c"
  /// The compiler and its arguments without the input, the output and the
  /// dependency-file option; relative paths in it are relative to Cwd.
  std::vector<std::string> Compiler;
  /// What kbuild runs on the object after compiling (objtool), each a
  /// command whose last word is the object.
  std::vector<std::vector<std::string>> PostProcess;
  std::string Cwd;       ///< the output tree
  std::string ModName;   ///< KBUILD_MODNAME
  bool InModule = false; ///< compiled with -DMODULE: part of a module
};

/// Runs \p Argv (Argv[0] found on PATH unless it has a '/') in directory
/// \p Cwd, output to \p Log (appended); an error names the command, its
/// exit status and the log.
llvm::Error runCommand(llvm::ArrayRef<std::string> Argv, llvm::StringRef Cwd,
                       llvm::StringRef Log);

/// Runs \p Commands like runCommand, at most \p Jobs at a time; one result
/// for each, in order.
std::vector<llvm::Error>
runCommands(llvm::ArrayRef<std::vector<std::string>> Commands,
            llvm::StringRef Cwd, llvm::StringRef Log, unsigned Jobs);

/// Runs \p Argv like runCommand and returns what it printed on stdout
/// (stderr goes to \p Log).
llvm::Expected<std::string> captureCommand(llvm::ArrayRef<std::string> Argv,
                                           llvm::StringRef Log);

/// The output tree klp-diff compiles \p Source's files in: a copy of the
/// prepared one (cp -a keeps the time stamps make compares) under
/// \p CacheDir, made once per prepared source and kept, so that kbuild
/// builds its host tools (objtool) for the copy once and recompiles a file
/// only when its command or inputs change. The prepared tree itself is
/// never written.
llvm::Expected<std::string> outputTreeFor(const PreparedSource &Source,
                                          llvm::StringRef CacheDir,
                                          llvm::StringRef Log);

/// Lets kbuild compile the objects of \p RelPaths ("fs/proc/meminfo.c")
/// in \p OutTree (from outputTreeFor; one make, under a lock that makes
/// concurrent runs take turns) and returns the command it used for each.
/// \p Log gets make's output.
llvm::Expected<std::vector<CompileCommand>>
kbuildCompile(const PreparedSource &Source, llvm::StringRef OutTree,
              llvm::ArrayRef<std::string> RelPaths, llvm::StringRef Log);

/// Parses one .cmd file's "cmd_<obj> := ..." line (a shell command: the
/// compile, then "; objtool ..."); \p CmdFile names it in errors.
llvm::Expected<CompileCommand> parseKbuildCmd(llvm::StringRef CmdText,
                                              llvm::StringRef CmdFile);

} // namespace klp

#endif // KLP_DIFF_KERNELTREE_H
