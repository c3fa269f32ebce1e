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

Expected<LinkArgs> parseLinkArgs(ArrayRef<const char *> Argv) {
  LinkArgs L;
  if (Argv.empty())
    return createStringError(inconvertibleErrorCode(), "no argv[0]");
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
        return createStringError(inconvertibleErrorCode(),
                                 "--klp-manifest needs a file");
      L.Manifest = Argv[++I];
    } else {
      L.LldArgs.push_back(Argv[I]);
    }
  }

  // The output argument as given (not from a response file).
  bool Redirectable = true;
  for (size_t I = 1; I < L.LldArgs.size(); ++I) {
    StringRef Arg = L.LldArgs[I];
    StringRef Value;
    if (Arg.starts_with("@") || Arg.contains("dependency-file")) {
      Redirectable = false;
    } else if (Arg == "-o" || isOption(Arg, "output")) {
      if (I + 1 < L.LldArgs.size()) {
        L.OutputArg = I + 1;
        L.OutputArgPrefix.clear();
        ++I;
      }
    } else if (hasValuePrefix(Arg, "output", Value)) {
      L.OutputArg = I;
      L.OutputArgPrefix = Arg.drop_back(Value.size()).str();
    } else if (Arg.starts_with("-o") && Arg.size() > 2 &&
               !Arg.starts_with("--") && !Arg.starts_with("-oformat") &&
               !Arg.starts_with("-omagic")) {
      L.OutputArg = I;
      L.OutputArgPrefix = "-o";
    }
  }
  if (!Redirectable)
    L.OutputArg = -1;

  // Read, not rewrite: lld expands the response files itself.
  BumpPtrAllocator Alloc;
  StringSaver Saver(Alloc);
  SmallVector<const char *, 64> Expanded(L.LldArgs.begin(), L.LldArgs.end());
  cl::ExpandResponseFiles(Saver, cl::TokenizeGNUCommandLine, Expanded);
  for (size_t I = 1; I < Expanded.size(); ++I) {
    StringRef Arg = Expanded[I];
    StringRef Value;
    if (Arg == "-r" || isOption(Arg, "relocatable")) {
      L.Relocatable = true;
    } else if (Arg == "-o" || isOption(Arg, "output")) {
      if (I + 1 < Expanded.size())
        L.Output = Expanded[++I];
    } else if (hasValuePrefix(Arg, "output", Value)) {
      L.Output = Value.str();
    } else if (Arg.starts_with("-o") && Arg.size() > 2 &&
               !Arg.starts_with("--") && !Arg.starts_with("-oformat") &&
               !Arg.starts_with("-omagic")) {
      L.Output = Arg.drop_front(2).str();
    } else if (Arg == "-T" || Arg == "-m" || Arg == "-L" || Arg == "-l" ||
               Arg == "-e" || Arg == "-u" || Arg == "-y" || Arg == "-z" ||
               Arg == "-y" || Arg == "-R" || Arg == "-F" || Arg == "-soname" ||
               Arg == "-h" || Arg == "--script" || Arg == "-Map" ||
               Arg == "--Map" || Arg == "--dynamic-linker" ||
               Arg == "-dynamic-linker" || Arg == "-plugin-opt" ||
               Arg == "--version-script" || Arg == "-version-script" ||
               Arg == "--defsym" || Arg == "-defsym" || Arg == "--entry" ||
               Arg == "--undefined" || Arg == "--sysroot" || Arg == "--wrap" ||
               Arg == "-wrap" || Arg == "--section-start") {
      // Skip the value of options that take one, so that a file named
      // "-r" is not read as an option.
      ++I;
    }
  }
  return L;
}

} // namespace klp
