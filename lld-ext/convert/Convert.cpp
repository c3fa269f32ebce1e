//===- lld-ext/convert/Convert.cpp - Finalize a livepatch module ----------===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Entry points: pick the ELF flavour and architecture, run the converter,
// write the file atomically.
//
//===----------------------------------------------------------------------===//

#include "lld-ext/convert/Convert.h"
#include "lld-ext/convert/ConverterImpl.h"
#include "lld-ext/elf/ElfModule.h"
#include "lld-ext/elf/Modinfo.h"
#include "support/OutputFile.h"

#include "llvm/BinaryFormat/ELF.h"
#include "llvm/Object/ELF.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Process.h"

#include <optional>

#if defined(__linux__)
#include <sys/mman.h>
#endif

using namespace llvm;
using namespace llvm::ELF;
using namespace llvm::object;

namespace klp {

ConvertedModule::~ConvertedModule() = default;

// Only the section headers, names and the .modinfo contents are read: the
// output may be any link (a whole vmlinux when kbuild links with klp-ld),
// and a module that is finalized is validated in full by the converter.
Expected<ModuleTraits> inspectModule(MemoryBufferRef In) {
  Expected<ElfModule> Elf = ElfModule::read(
      In.getBufferIdentifier(), In.getBuffer(), ElfChecks::Sections);
  if (!Elf)
    return Elf.takeError();
  ModuleTraits T;
  T.Is64 = Elf->is64();
  T.Relocatable = Elf->fileType() == ET_REL;
  T.Machine = Elf->machine();
  T.LivepatchModinfo = hasLivepatchEntry(*Elf);
  T.HasThisModule = Elf->findSection(ThisModuleSectionName);
  T.HasMarks = Elf->findSection(MarkSectionName);
  return T;
}

template <class ELFT>
static Expected<std::unique_ptr<ConvertedModule>>
convertElf(StringRef Name, ArrayRef<uint8_t> Bytes, const ConvertOptions &Opts,
           WarningHandler &Warn) {
  Expected<ElfView<ELFT>> ViewOrErr =
      ElfView<ELFT>::create(Name, Bytes, ElfChecks::Relocatable);
  if (!ViewOrErr)
    return ViewOrErr.takeError();
  auto View = std::make_unique<ElfView<ELFT>>(std::move(*ViewOrErr));
  uint16_t Machine = View->Header->e_machine;
  const ArchInfo *Arch = getArchInfo(Machine);
  if (!Arch)
    return fileError(Name, formatv("e_machine {0} is not an architecture "
                                   "klp-llvm supports (x86_64, aarch64, "
                                   "ppc64le, s390x)",
                                   Machine));
  bool LE = ELFT::Endianness == llvm::endianness::little;
  if (Arch->LittleEndian != LE)
    return fileError(Name, formatv("{0} livepatch modules are {1}-endian; "
                                   "this file is not",
                                   Arch->Name,
                                   Arch->LittleEndian ? "little" : "big"));
  return runConversion<ELFT>(std::move(View), *Arch, Opts, Warn);
}

Expected<std::unique_ptr<ConvertedModule>>
convertModule(MemoryBufferRef In, const ConvertOptions &Opts,
              WarningHandler Warn) {
  StringRef Name = In.getBufferIdentifier();
  ArrayRef<uint8_t> Bytes(
      reinterpret_cast<const uint8_t *>(In.getBufferStart()),
      In.getBufferSize());
  Expected<llvm::endianness> Order = readElf64Ident(Name, Bytes);
  if (!Order)
    return Order.takeError();
  if (!Warn)
    Warn = [](const Twine &) {};
  if (*Order == llvm::endianness::little)
    return convertElf<ELF64LE>(Name, Bytes, Opts, Warn);
  return convertElf<ELF64BE>(Name, Bytes, Opts, Warn);
}

// The converter reads every page of a mapped module once; asking the
// kernel to map them all up front costs one system call instead of a page
// fault per page (a third of klp-ld's finalization time on large modules).
static void prefault(const MemoryBuffer &Buf) {
#if defined(__linux__)
  constexpr int PopulateRead = 22; // MADV_POPULATE_READ, Linux 5.14+
  uintptr_t Page = sys::Process::getPageSizeEstimate();
  uintptr_t Start = reinterpret_cast<uintptr_t>(Buf.getBufferStart());
  uintptr_t End = reinterpret_cast<uintptr_t>(Buf.getBufferEnd());
  uintptr_t Aligned = Start & ~(Page - 1);
  if (Buf.getBufferKind() == MemoryBuffer::MemoryBuffer_MMap)
    (void)::madvise(reinterpret_cast<void *>(Aligned), End - Aligned,
                    PopulateRead); // older kernels: EINVAL, harmless
#else
  (void)Buf;
#endif
}

// Converts \p Buf and writes \p OutPath; in place, \p InPlaceMode is the
// input's mode.
static Error convertAndWrite(const MemoryBuffer &Buf, StringRef OutPath,
                             std::optional<unsigned> InPlaceMode,
                             const ConvertOptions &Opts, WarningHandler Warn,
                             ConvertStats *Stats) {
  prefault(Buf);
  Expected<std::unique_ptr<ConvertedModule>> Converted =
      convertModule(Buf.getMemBufferRef(), Opts, std::move(Warn));
  if (!Converted)
    return Converted.takeError();
  if (Stats)
    *Stats = (*Converted)->stats();
  if (InPlaceMode && !(*Converted)->stats().Changed)
    return Error::success();

  // In place, the file the input was read from (a symlink's target) is
  // rewritten, with its permissions; otherwise OUT is written as ld.lld
  // writes its output (support/OutputFile.h).
  OutputOptions Out;
  if (InPlaceMode) {
    Out.FollowSymlinks = true;
    Out.Mode = *InPlaceMode;
  }
  const ConvertedModule &M = **Converted;
  return writeOutputFile(
      OutPath, [&](raw_ostream &OS) { return M.write(OS); }, Out);
}

Error convertFile(StringRef InPath, StringRef OutPath, bool InPlace,
                  const ConvertOptions &Opts, WarningHandler Warn,
                  ConvertStats *Stats) {
  if (!InPlace && sys::fs::exists(OutPath) &&
      sys::fs::equivalent(InPath, OutPath))
    return fileError(OutPath, "is the input file; pass --in-place to "
                              "rewrite it");
  ErrorOr<std::unique_ptr<MemoryBuffer>> BufOrErr =
      MemoryBuffer::getFile(InPath, /*IsText=*/false,
                            /*RequiresNullTerminator=*/false);
  if (!BufOrErr)
    return fileError(InPath, BufOrErr.getError().message());
  std::optional<unsigned> InPlaceMode;
  if (InPlace) {
    sys::fs::file_status InStatus;
    if (std::error_code EC = sys::fs::status(InPath, InStatus))
      return fileError(InPath, EC.message());
    InPlaceMode = static_cast<unsigned>(InStatus.permissions());
  }
  return convertAndWrite(**BufOrErr, OutPath, InPlaceMode, Opts,
                         std::move(Warn), Stats);
}

Error convertBuffer(const MemoryBuffer &In, StringRef OutPath,
                    const ConvertOptions &Opts, WarningHandler Warn,
                    ConvertStats *Stats) {
  return convertAndWrite(In, OutPath, std::nullopt, Opts, std::move(Warn),
                         Stats);
}

} // namespace klp
