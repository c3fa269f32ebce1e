//===- lld-ext/klp-ld/LinkArgs.cpp - What klp-ld reads of a link line -----===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "lld-ext/klp-ld/LinkArgs.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Allocator.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/StringSaver.h"

using namespace llvm;

namespace klp {

// ld.lld spells long options with one dash or two.
static bool isOption(StringRef Arg, StringRef Name) {
  return Arg == ("-" + Name).str() || Arg == ("--" + Name).str();
}
static bool hasValuePrefix(StringRef Arg, StringRef Name, StringRef &Value) {
  for (StringRef Dashes : {"-", "--"}) {
    std::string Prefix = (Dashes + Name + "=").str();
    if (Arg.starts_with(Prefix)) {
      Value = Arg.drop_front(Prefix.size());
      return true;
    }
  }
  return false;
}

// The ld options whose value is the next argument, so that a value such as
// a file named "-r" is never read as an option. Single letters take one
// dash, long names one or two, as ld.lld accepts them.
static constexpr StringLiteral ShortWithValue[] = {
    "T", "m", "L", "l", "e", "u", "y", "z", "R", "F", "h", "o"};
static constexpr StringLiteral LongWithValue[] = {
    "soname",         "script",        "Map",   "dynamic-linker", "plugin-opt",
    "version-script", "defsym",        "entry", "undefined",      "sysroot",
    "wrap",           "section-start", "output"};

static bool takesValue(StringRef Arg) {
  if (Arg.size() == 2 && Arg[0] == '-' &&
      is_contained(ShortWithValue, Arg.drop_front()))
    return true;
  return any_of(LongWithValue,
                [&](StringRef Name) { return isOption(Arg, Name); });
}

namespace {
/// What one scan of a link line finds.
struct LinkLine {
  bool Relocatable = false;
  std::string Output = "a.out";
  int OutputArg = -1;          ///< index of the argument that holds the name
  std::string OutputArgPrefix; ///< text before the name in that argument
};
} // namespace

// "-ofile" is -o with its value attached; -oformat and -omagic are not.
static bool isAttachedOutput(StringRef Arg) {
  return Arg.starts_with("-o") && Arg.size() > 2 && !Arg.starts_with("--") &&
         !Arg.starts_with("-oformat") && !Arg.starts_with("-omagic");
}

static LinkLine scanLinkLine(ArrayRef<const char *> Args) {
  LinkLine L;
  for (size_t I = 1; I < Args.size(); ++I) {
    StringRef Arg = Args[I];
    StringRef Value;
    if (Arg == "-r" || isOption(Arg, "relocatable")) {
      L.Relocatable = true;
    } else if (Arg == "-o" || isOption(Arg, "output")) {
      if (I + 1 < Args.size()) {
        L.Output = Args[I + 1];
        L.OutputArg = I + 1;
        L.OutputArgPrefix.clear();
      }
      ++I;
    } else if (hasValuePrefix(Arg, "output", Value)) {
      L.Output = Value.str();
      L.OutputArg = I;
      L.OutputArgPrefix = Arg.drop_back(Value.size()).str();
    } else if (isAttachedOutput(Arg)) {
      L.Output = Arg.drop_front(2).str();
      L.OutputArg = I;
      L.OutputArgPrefix = "-o";
    } else if (takesValue(Arg)) {
      ++I;
    }
  }
  return L;
}

Expected<LinkArgs> parseLinkArgs(ArrayRef<const char *> Argv) {
  LinkArgs L;
  if (Argv.empty())
    return createStringError("no argv[0]");
  L.LldArgs.push_back(Argv[0]);
  for (size_t I = 1; I < Argv.size(); ++I) {
    StringRef Arg = Argv[I];
    StringRef Value;
    if (isOption(Arg, "klp")) {
      L.Mode = LinkArgs::KlpMode::Force;
    } else if (isOption(Arg, "no-klp")) {
      L.Mode = LinkArgs::KlpMode::Off;
    } else if (isOption(Arg, "klp-verbose")) {
      L.Verbose = true;
    } else if (hasValuePrefix(Arg, "klp-manifest", Value)) {
      L.Manifest = Value.str();
    } else if (isOption(Arg, "klp-manifest")) {
      if (I + 1 == Argv.size())
        return createStringError("--klp-manifest needs a file");
      L.Manifest = Argv[++I];
    } else {
      L.LldArgs.push_back(Argv[I]);
    }
  }

  // Read, not rewrite: lld expands the response files itself.
  BumpPtrAllocator Alloc;
  StringSaver Saver(Alloc);
  SmallVector<const char *, 64> Expanded(L.LldArgs.begin(), L.LldArgs.end());
  cl::ExpandResponseFiles(Saver, cl::TokenizeGNUCommandLine, Expanded);
  LinkLine Line = scanLinkLine(Expanded);
  L.Relocatable = Line.Relocatable;
  L.Output = Line.Output;
  // The output can be redirected only where the name is in an argument as
  // given: not from a response file, and not also named in a dependency file.
  bool Redirectable =
      none_of(ArrayRef(L.LldArgs).drop_front(), [](StringRef A) {
        return A.starts_with("@") || A.contains("dependency-file");
      });
  if (Redirectable) {
    L.OutputArg = Line.OutputArg;
    L.OutputArgPrefix = Line.OutputArgPrefix;
  }
  return L;
}

} // namespace klp
