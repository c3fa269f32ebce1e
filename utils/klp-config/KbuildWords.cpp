//===- utils/klp-config/KbuildWords.cpp - make words for clang modules ----===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "KbuildWords.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/Path.h"

using namespace llvm;

namespace klp {

static std::string set(StringRef Symbol, const Twine &Value) {
  return (Symbol + "=" + Value).str();
}

// LLVM=1, LLVM=-19 or LLVM=<dir>/ as kbuild (5.18+) reads them, for the clang
// named by CC; std::nullopt when CC has no such form.
static std::optional<std::string> llvmVariable(StringRef CC) {
  StringRef Name = sys::path::filename(CC);
  if (CC.contains('/'))
    return Name == "clang"
               ? std::optional<std::string>(
                     ("LLVM=" + sys::path::parent_path(CC) + "/").str())
               : std::nullopt;
  if (Name == "clang")
    return std::string("LLVM=1");
  if (Name.consume_front("clang-") && !Name.empty() && all_of(Name, isDigit))
    return ("LLVM=-" + Name).str();
  return std::nullopt;
}

Expected<std::vector<std::string>> kbuildWords(const KernelConfig &Config,
                                               const KbuildRequest &R) {
  bool ByGcc = Config.isYes("CONFIG_CC_IS_GCC");
  bool ByClang = Config.isYes("CONFIG_CC_IS_CLANG");
  if (ByGcc == ByClang)
    return createStringError(
        Config.path() +
        " sets neither CONFIG_CC_IS_GCC nor CONFIG_CC_IS_CLANG, so the "
        "compiler that built the kernel is unknown (kernels before 5.8 "
        "do not record it)");

  std::vector<std::string> W;
  W.push_back(set("CC", R.CC));
  if (R.LD)
    W.push_back(set("LD", *R.LD));
  if (R.KCFLAGS)
    W.push_back(set("KCFLAGS", *R.KCFLAGS));
  if (R.KCPPFLAGS)
    W.push_back(set("KCPPFLAGS", *R.KCPPFLAGS));

  if (ByClang) {
    // kbuild already picks clang's flags. LLVM= keeps nm, objcopy, ar and
    // (without klp-ld) the linker those of the LLVM the kernel used.
    if (Config.isYes("CONFIG_LD_IS_LLD"))
      if (std::optional<std::string> LLVM = llvmVariable(R.CC))
        W.push_back(*LLVM);
    return W;
  }

  // A gcc-built kernel: tell kbuild the compiler is clang.
  std::string ClangVersion = utostr(R.CCVersion.kconfigValue());
  W.push_back(set("CONFIG_CC_IS_GCC", ""));
  W.push_back(set("CONFIG_CC_IS_CLANG", "y"));
  W.push_back(set("CONFIG_GCC_VERSION", "0"));
  W.push_back(set("CONFIG_CLANG_VERSION", ClangVersion));
  // kbuild passes clang -fintegrated-as; the assembler is clang's.
  if (Config.isYes("CONFIG_AS_IS_GNU")) {
    W.push_back(set("CONFIG_AS_IS_GNU", ""));
    W.push_back(set("CONFIG_AS_IS_LLVM", "y"));
    W.push_back(set("CONFIG_AS_VERSION", ClangVersion));
  }
  if (R.LD && R.LDIsLLD && Config.isYes("CONFIG_LD_IS_BFD")) {
    W.push_back(set("CONFIG_LD_IS_BFD", ""));
    W.push_back(set("CONFIG_LD_IS_LLD", "y"));
    W.push_back(set("CONFIG_LLD_VERSION", utostr(R.LDVersion.kconfigValue())));
  }
  // gcc records mcount sites itself (-mrecord-mcount); clang cannot on x86.
  // recordmcount finds the `call __fentry__` sites and leaves them calls, as
  // the gcc-built ftrace expects. (objtool --mcount would turn them into
  // NOPs, and ftrace would then refuse the module.)
  if (Config.isYes("CONFIG_FTRACE_MCOUNT_USE_CC")) {
    W.push_back(set("CONFIG_FTRACE_MCOUNT_USE_CC", ""));
    W.push_back(set("CONFIG_FTRACE_MCOUNT_USE_RECORDMCOUNT", "y"));
  }
  // gcc's "-Wimplicit-fallthrough=5" is an unknown option to clang.
  StringRef Fallthrough = Config.get("CONFIG_CC_IMPLICIT_FALLTHROUGH");
  if (!Fallthrough.empty() && Fallthrough != "-Wimplicit-fallthrough")
    W.push_back(
        set("CONFIG_CC_IMPLICIT_FALLTHROUGH", "-Wimplicit-fallthrough"));
  // The rest of what only gcc's Kconfig sets: unset, as clang's would.
  for (const GccOnlySymbol &S : gccOnlySymbols())
    if (Config.isYes(S.Name))
      W.push_back(set(S.Name, ""));
  return W;
}

ArrayRef<GccOnlySymbol> gccOnlySymbols() {
  // Each is `depends on CC_IS_GCC` or a test of GCC_VERSION in the kernel's
  // Kconfig: set in a gcc-built kernel's configuration, never when clang
  // configures the same .config (compare the shipped auto.conf with the one
  // scripts/lib/kernel-source.sh prepares with clang: auto.conf.diff).
  // docs/kbuild.md has the table.
  static constexpr GccOnlySymbol Table[] = {
      // scripts/Makefile.extrawarn: -Wno-array-bounds against gcc 11+'s
      // false positives; a clang build keeps clang's -Warray-bounds.
      {"CONFIG_CC_NO_ARRAY_BOUNDS", false},
      // scripts/Makefile.extrawarn (6.3+): -Wno-stringop-overflow, a gcc
      // warning.
      {"CONFIG_CC_NO_STRINGOP_OVERFLOW", false},
      // x86 named address spaces (6.8+): gcc's __seg_gs qualifier on per-CPU
      // variables (arch/x86/include/asm/percpu.h, current.h, processor.h).
      // kbuild enables them for gcc only; clang, given them, warns
      // "multiple identical address spaces specified for type" on every
      // per-CPU read through const_pcpu_hot.
      {"CONFIG_CC_HAS_NAMED_AS", true},
      {"CONFIG_USE_X86_SEG_SUPPORT", true},
  };
  return Table;
}

std::vector<std::string> headerUndefs(const KernelConfig &Config) {
  std::vector<std::string> U;
  if (!Config.isYes("CONFIG_CC_IS_GCC"))
    return U;
  for (const GccOnlySymbol &S : gccOnlySymbols())
    if (S.InHeaders && Config.isYes(S.Name))
      U.push_back(S.Name.str());
  return U;
}

std::string renderUndefHeader(ArrayRef<std::string> Symbols) {
  std::string Text =
      "/* Written by klp-config; the file name is a hash of this text. Do not\n"
      " * edit. The kernel was configured for gcc; clang's Kconfig would not\n"
      " * set these, and the kernel's headers test them (docs/kbuild.md).\n"
      " * Included after include/generated/autoconf.h. */\n";
  for (const std::string &S : Symbols)
    Text += "#undef " + S + "\n";
  return Text;
}

Error checkPlainWord(StringRef Word) {
  // Characters the shell would split or expand in an unquoted $(...), or
  // make would expand in a command-line variable.
  static constexpr StringLiteral Special = " \t\n\r'\"\\$`*?[]#;&|<>(){}~!";
  size_t Bad = Word.find_first_of(Special);
  if (Bad == StringRef::npos)
    return Error::success();
  return createStringError(
      "'" + Word + "' contains '" + Word.substr(Bad, 1) +
      "', which `make $(klp-config ...)` cannot pass as one word; use "
      "paths without spaces or shell characters (see --cache-dir)");
}

} // namespace klp
