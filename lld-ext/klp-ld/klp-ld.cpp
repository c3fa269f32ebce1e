//===- lld-ext/klp-ld/klp-ld.cpp - ld.lld that finalizes livepatch modules ===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// klp-ld [ld.lld options] [--klp | --no-klp] [--klp-manifest=M]
//        [--klp-verbose]
//
// Links with lld's ELF driver in this process, exactly as ld.lld would
// (every ld.lld option passes through), then finalizes the output when it is
// a livepatch module: .modinfo says livepatch=Y and this is the module's
// final link. kbuild links a module twice with ld -r: once per object group
// (modname.o) and once more, with scripts/module.lds and the .mod.o that
// defines __this_module, into the .ko. Only the .ko has
// .gnu.linkonce.this_module, so that section (or a link without -r) marks
// the final link; the intermediate links pass through untouched, which is
// what every later linker needs (marks survive any linker, SHN_LIVEPATCH and
// .klp.rela sections do not).
//
//===----------------------------------------------------------------------===//

#include "lld-ext/convert/Convert.h"
#include "lld-ext/klp-ld/LinkArgs.h"

#include "lld/Common/Driver.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#ifdef KLP_LD_HAVE_CHECK
#include "lld-ext/check/Check.h"
#include "manifest/Manifest.h"
#endif

LLD_HAS_DRIVER(elf)

using namespace llvm;

static StringRef ToolName = "klp-ld";

static int fail(const Twine &Msg) {
  WithColor::error(errs(), ToolName) << Msg << "\n";
  return 1;
}

/// Finalization failed: the file lld wrote is not a module anyone should
/// load (its livepatch calls would jump to address 0), so it goes, as lld
/// removes its output on errors.
static int failAndRemove(StringRef Output, const Twine &Msg) {
  sys::fs::remove(Output);
  return fail(Msg);
}

#ifdef KLP_LD_HAVE_CHECK
static Error checkWithManifest(StringRef Output, StringRef ManifestPath) {
  auto M = klp::Manifest::open(ManifestPath);
  if (!M)
    return M.takeError();
  auto Buf = MemoryBuffer::getFile(Output, /*IsText=*/false,
                                   /*RequiresNullTerminator=*/false);
  if (!Buf)
    return createStringError(Buf.getError(),
                             Output + ": " + Buf.getError().message());
  auto Report = klp::checkModule((*Buf)->getMemBufferRef(), M->get());
  if (!Report)
    return Report.takeError();
  if (!Report->Diagnostics.empty())
    klp::printReport(errs(), Output, *Report);
  if (!Report->passed())
    return createStringError(inconvertibleErrorCode(),
                             Output + ": klp-check found " +
                                 Twine(Report->errorCount()) +
                                 " error(s) against manifest " + ManifestPath);
  return Error::success();
}
#endif

int main(int argc, char **argv) {
  InitLLVM X(argc, argv);
  Expected<klp::LinkArgs> ArgsOrErr =
      klp::parseLinkArgs(ArrayRef<const char *>(argv, argc));
  if (!ArgsOrErr)
    return fail(toString(ArgsOrErr.takeError()));
  klp::LinkArgs &L = *ArgsOrErr;

  // Only a file this link wrote is finalized (not a stale a.out after
  // --version): lld writes a new file and renames it over the old one.
  sys::fs::UniqueID Before;
  bool Existed = !sys::fs::getUniqueID(L.Output, Before);

  // lld picks its flavour from argv[0]; say it, whatever klp-ld is called.
  std::vector<const char *> LldArgs = L.LldArgs;
  LldArgs.insert(LldArgs.begin() + 1, {"-flavor", "gnu"});
  lld::Result R =
      lld::lldMain(LldArgs, outs(), errs(), {{lld::Gnu, &lld::elf::link}});
  outs().flush();
  errs().flush();
  if (R.retCode != 0 || L.Mode == klp::LinkArgs::KlpMode::Off)
    return R.retCode;
  // Nothing to finalize when there is no output file (--version, -v
  // without inputs, --help) or it went to stdout.
  sys::fs::UniqueID After;
  if (L.Output == "-" || !sys::fs::is_regular_file(L.Output) ||
      sys::fs::getUniqueID(L.Output, After) || (Existed && After == Before))
    return L.Mode == klp::LinkArgs::KlpMode::Force && L.Output != "a.out"
               ? fail("--klp: no output file to finalize")
               : 0;

  auto Buf = MemoryBuffer::getFile(L.Output, /*IsText=*/false,
                                   /*RequiresNullTerminator=*/false);
  if (!Buf)
    return fail(L.Output + ": " + Buf.getError().message());
  Expected<klp::ModuleTraits> T = klp::inspectModule((*Buf)->getMemBufferRef());
  Buf->reset();
  if (!T) {
    if (L.Mode == klp::LinkArgs::KlpMode::Force)
      return failAndRemove(L.Output, toString(T.takeError()));
    consumeError(T.takeError()); // not ELF: not ours to finalize
    return 0;
  }
  bool FinalLink = T->HasThisModule || !L.Relocatable;
  bool Finalize = L.Mode == klp::LinkArgs::KlpMode::Force ||
                  (T->LivepatchModinfo && FinalLink);
  if (!Finalize) {
    if (T->HasThisModule && T->HasMarks)
      return failAndRemove(
          L.Output,
          L.Output +
              ": the module has livepatch marks (.note.klp.marks) but its "
              ".modinfo lacks livepatch=Y, so it was not finalized and "
              "its livepatch references would resolve to address 0; "
              "add MODULE_INFO(livepatch, \"Y\"), or pass --no-klp to "
              "keep the module unfinalized");
    return 0;
  }

  klp::ConvertOptions Opts;
  klp::ConvertStats Stats;
  klp::WarningHandler Warn = [](const Twine &Msg) {
    WithColor::warning(errs(), ToolName) << Msg << "\n";
  };
  if (Error E = klp::convertFile(L.Output, L.Output, /*InPlace=*/true, Opts,
                                 Warn, &Stats))
    return failAndRemove(L.Output, toString(std::move(E)));
  if (L.Verbose)
    errs() << ToolName << ": " << L.Output << ": "
           << (Stats.Changed ? "finalized" : "nothing to finalize") << ": "
           << Stats.LivepatchSymbols << " livepatch symbols, "
           << Stats.MovedRelocations << " relocations in "
           << Stats.KlpRelaSections << " .klp.rela sections\n";

  if (!L.Manifest.empty()) {
#ifdef KLP_LD_HAVE_CHECK
    if (Error E = checkWithManifest(L.Output, L.Manifest))
      return failAndRemove(L.Output, toString(std::move(E)));
#else
    return failAndRemove(L.Output,
                         "--klp-manifest: this klp-ld was built without the "
                         "checker library (klpCheck); run klp-check on " +
                             L.Output);
#endif
  }
  return 0;
}
