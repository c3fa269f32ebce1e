//===- test/fuzz/FuzzKconfig.cpp - Fuzz klp-config's readers --------------===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The bytes as a kernel's include/config/auto.conf (or .config), and as the
// `--version` output of a compiler and a linker. What KernelConfig::parse
// accepts gives make words that each pass through $(klp-config ...) as one
// word, or an error when it names no compiler.
//
//===----------------------------------------------------------------------===//

#include "FuzzCommon.h"

#include "utils/klp-config/ClangVersion.h"
#include "utils/klp-config/KbuildWords.h"
#include "utils/klp-config/KernelConfig.h"

using namespace llvm;
using namespace klp;
using namespace klp::fuzz;

static void checkWords(const KernelConfig &Config, const KbuildRequest &R) {
  Expected<std::vector<std::string>> Words = kbuildWords(Config, R);
  if (!Words) {
    checkMessage(Words.takeError(), "kbuildWords");
    return;
  }
  for (const std::string &W : *Words)
    mustSucceed(checkPlainWord(W), "make word from the kernel config");
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  StringRef Text = asText(Data, Size);

  if (Expected<KernelConfig> Config = KernelConfig::parse(Text, "auto.conf")) {
    for (StringRef Symbol :
         {"CONFIG_CC_IS_GCC", "CONFIG_CC_IS_CLANG", "CONFIG_LD_IS_LLD",
          "CONFIG_CC_IMPLICIT_FALLTHROUGH", "CONFIG_", ""})
      (void)Config->get(Symbol);
    KbuildRequest Clang;
    Clang.CC = "clang-19";
    Clang.CCVersion = {19, 1, 7};
    checkWords(*Config, Clang);
    KbuildRequest WithLd = Clang;
    WithLd.LD = "klp-ld";
    WithLd.LDIsLLD = true;
    WithLd.LDVersion = {19, 1, 7};
    WithLd.KCFLAGS = "--config=klp.cfg";
    checkWords(*Config, WithLd);
  } else {
    checkMessage(Config.takeError(), "KernelConfig::parse");
  }

  if (Expected<ClangVersion> V = parseClangVersion(Text, "clang"))
    (void)V->kconfigValue();
  else
    checkMessage(V.takeError(), "parseClangVersion");
  if (Expected<LinkerInfo> L = parseLinkerVersion(Text, "ld"))
    (void)L->Version.kconfigValue();
  else
    checkMessage(L.takeError(), "parseLinkerVersion");
  return 0;
}
