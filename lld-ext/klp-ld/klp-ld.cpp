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
// a livepatch module: .modinfo has a livepatch entry and this is the module's
// final link. kbuild links a module twice with ld -r: once per object group
// (modname.o) and once more, with scripts/module.lds and the .mod.o that
// defines __this_module, into the .ko. Only the .ko has
// .gnu.linkonce.this_module, so that section (or a link without -r) marks
// the final link; the intermediate links pass through untouched, which is
// what every later linker needs (marks survive any linker, SHN_LIVEPATCH and
// .klp.rela sections do not).
//
//===----------------------------------------------------------------------===//

#include "lld-ext/check/Check.h"
#include "lld-ext/convert/Convert.h"
#include "lld-ext/elf/Modinfo.h"
#include "lld-ext/klp-ld/LinkArgs.h"
#include "manifest/Manifest.h"
#include "support/OutputFile.h"

#include "lld/Common/Driver.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

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
    return createStringError(Output + ": klp-check found " +
                             Twine(Report->errorCount()) +
                             " error(s) against manifest " + ManifestPath);
  return Error::success();
}

int main(int argc, char **argv) {
  InitLLVM X(argc, argv);
  Expected<klp::LinkArgs> ArgsOrErr =
      klp::parseLinkArgs(ArrayRef<const char *>(argv, argc));
  if (!ArgsOrErr)
    return fail(toString(ArgsOrErr.takeError()));
  klp::LinkArgs &L = *ArgsOrErr;
  bool Off = L.Mode == klp::LinkArgs::KlpMode::Off;
  bool Force = L.Mode == klp::LinkArgs::KlpMode::Force;

  // lld picks its flavour from argv[0]; say it, whatever klp-ld is called.
  std::vector<const char *> LldArgs = L.LldArgs;
  LldArgs.insert(LldArgs.begin() + 1, {"-flavor", "gnu"});

  // lld writes to a fresh temporary name next to the output; klp-ld then
  // renames it into place, or converts it into the output and deletes it.
  // A module that is finalized is thus written once to the output instead
  // of twice (ext4 flushes a file renamed over another, and a deleted
  // temporary never reaches the disk). Where -o cannot be rewritten
  // safely, lld writes the output and klp-ld converts it in place.
  // A klp-ld killed during the link (lld writes by name, so no unnamed
  // file can help there) leaves its temporary behind; the next link of
  // the same output removes it (support/OutputFile.h).
  std::string Linked = L.Output, LinkedArg;
  bool Redirect =
      !Off && L.OutputArg >= 0 && L.Output != "-" &&
      (!sys::fs::exists(L.Output) || sys::fs::is_regular_file(L.Output));
  if (Redirect) {
    klp::removeStaleTemps(L.Output, "klp-ld");
    Linked = klp::ownedTempName(L.Output, "klp-ld");
    LinkedArg = L.OutputArgPrefix + Linked;
    LldArgs[L.OutputArg + 2] = LinkedArg.c_str();
  }
  // Only a file this link wrote is finalized (not a stale a.out after
  // --version): lld writes a new file and renames it over the old one.
  sys::fs::UniqueID Before;
  bool Existed = !sys::fs::getUniqueID(Linked, Before);

  lld::Result R =
      lld::lldMain(LldArgs, outs(), errs(), {{lld::Gnu, &lld::elf::link}});
  outs().flush();
  errs().flush();
  // Whatever happens next, the temporary does not outlive klp-ld.
  auto DropLinked = [&] {
    if (Redirect)
      sys::fs::remove(Linked);
  };
  if (R.retCode != 0 || Off) {
    DropLinked();
    return R.retCode;
  }
  // Nothing to finalize when there is no output file (--version, -v
  // without inputs, --help) or it went to stdout.
  sys::fs::UniqueID After;
  if (L.Output == "-" || !sys::fs::is_regular_file(Linked) ||
      sys::fs::getUniqueID(Linked, After) || (Existed && After == Before)) {
    DropLinked();
    return Force && L.Output != "a.out"
               ? fail("--klp: no output file to finalize")
               : 0;
  }
  // The link's output as ld.lld would have left it.
  auto Publish = [&]() -> int {
    if (Redirect)
      if (std::error_code EC = sys::fs::rename(Linked, L.Output)) {
        DropLinked();
        return fail(L.Output + ": " + EC.message());
      }
    return 0;
  };
  // A failed finalization leaves no module: its livepatch calls would jump
  // to address 0.
  auto Refuse = [&](const Twine &Msg) {
    if (Redirect)
      DropLinked();
    else
      sys::fs::remove(L.Output);
    return fail(Msg);
  };

  auto Buf = MemoryBuffer::getFile(Linked, /*IsText=*/false,
                                   /*RequiresNullTerminator=*/false);
  if (!Buf) {
    DropLinked();
    return fail(Linked + ": " + Buf.getError().message());
  }
  MemoryBufferRef Ref((*Buf)->getBuffer(), L.Output);
  Expected<klp::ModuleTraits> T = klp::inspectModule(Ref);
  if (!T) {
    if (Force)
      return Refuse(toString(T.takeError()));
    consumeError(T.takeError()); // not ELF: not ours to finalize
    return Publish();
  }
  bool FinalLink = T->HasThisModule || !L.Relocatable;
  bool Finalize = Force || (T->LivepatchModinfo && FinalLink);
  if (!Finalize) {
    if (T->HasThisModule && T->HasMarks)
      return Refuse(
          L.Output +
          ": the module has livepatch marks (.note.klp.marks) but its " +
          klp::NoLivepatchEntry +
          ", so it was not finalized and "
          "its livepatch references would resolve to address 0; "
          "add MODULE_INFO(livepatch, \"Y\"), or pass --no-klp to "
          "keep the module unfinalized");
    return Publish();
  }

  klp::ConvertOptions Opts;
  klp::ConvertStats Stats;
  klp::WarningHandler Warn = [](const Twine &Msg) {
    WithColor::warning(errs(), ToolName) << Msg << "\n";
  };
  auto Convert = [&]() -> Error {
    if (!Redirect) {
      Buf->reset();
      return klp::convertFile(Linked, L.Output, /*InPlace=*/true, Opts, Warn,
                              &Stats);
    }
    // The linked module is read: its name goes now, so that a klp-ld
    // killed during the conversion leaves nothing behind.
    DropLinked();
    return klp::convertBuffer(**Buf, L.Output, Opts, Warn, &Stats);
  };
  Error E = Convert();
  // Messages name the output, not the temporary.
  if (E) {
    std::string Msg = toString(std::move(E));
    for (size_t Pos; (Pos = Msg.find(Linked)) != std::string::npos;)
      Msg.replace(Pos, Linked.size(), L.Output);
    return Refuse(Msg);
  }
  DropLinked();
  if (L.Verbose)
    errs() << ToolName << ": " << L.Output << ": "
           << (Stats.Changed ? "finalized" : "nothing to finalize") << ": "
           << Stats.LivepatchSymbols << " livepatch symbols, "
           << Stats.MovedRelocations << " relocations in "
           << Stats.KlpRelaSections << " .klp.rela sections\n";

  if (!L.Manifest.empty())
    if (Error E = checkWithManifest(L.Output, L.Manifest))
      return failAndRemove(L.Output, toString(std::move(E)));
  return 0;
}
