//===- lld-ext/check/ArchRules.cpp - What apply_relocate_add() accepts ----===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Every relocation the kernel applies goes through the arch's
// apply_relocate_add(): the loader's (ordinary sections with an allocated
// target) and livepatch's (SHF_RELA_LIVEPATCH sections, early for vmlinux,
// late for modules). The arch table (lld-ext/arch) says which types it
// handles and how many bytes each writes; on x86_64 the loader also refuses
// to write over bytes that are not zero (arch/x86/kernel/module.c), and on
// ppc64 a call through a stub needs a nop to turn into the TOC restore
// (arch/powerpc/kernel/module_64.c, restore_r2()).
//
//===----------------------------------------------------------------------===//

#include "lld-ext/check/Rules.h"

#include "lld-ext/arch/Arch.h"

#include "format/KlpFormat.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"

#include <algorithm>

using namespace llvm;
using namespace llvm::ELF;

namespace klp {
namespace check {

namespace {

/// One relocation the kernel will write.
struct Applied {
  const ElfModuleSection *RelSec;
  const ElfModuleSection *Target;
  const ElfModuleReloc *R;
  const RelocInfo *Info; ///< Null if the arch loader rejects the type.
};

// restore_r2() acts on "bl" only: a sibling call ("b") does not return.
constexpr uint32_t PpcBranchMask = 0xfc000003;    // opcode and AA/LK bits
constexpr uint32_t PpcBranchAndLink = 0x48000001; // bl

/// The arch loader's words for a type it does not handle; "" where we have
/// not verified them.
std::string unknownTypeMessage(uint16_t Machine, StringRef Module,
                               uint32_t Type) {
  switch (Machine) {
  case EM_X86_64:
    return formatv("module: {0}: Unknown rela relocation: {1}", Module, Type);
  case EM_AARCH64:
    return formatv("module {0}: unsupported RELA relocation: {1}", Module,
                   Type);
  case EM_PPC64:
    return formatv("module_64: {0}: Unknown ADD relocation: {1}", Module, Type);
  default:
    return "";
  }
}

class ArchChecker {
public:
  ArchChecker(const ModuleFacts &F, DiagnosticSink &Diags)
      : F(F), Arch(*F.Arch), Diags(Diags) {}

  void run() {
    collect();
    for (const Applied &A : Work)
      checkOne(A);
    checkOverlaps();
  }

private:
  void collect() {
    for (const ElfModuleRelocSection &RS : F.Elf.relocSections()) {
      const ElfModuleSection &Sec = F.Elf.section(RS.Section);
      if (F.loaderApplies(Sec)) {
        if (Sec.Type == SHT_REL) {
          relSection(Sec);
          continue;
        }
        add(Sec, RS);
      }
    }
    for (const KlpRelaSection &K : F.KlpSections) {
      const ElfModuleSection &Sec = *K.Section;
      // Sections the kernel never applies are reported by
      // RelaSectionRules; their bytes do not matter.
      if (!K.Relocs || Sec.Type != SHT_RELA || !K.namesAnObject() ||
          Sec.Info == 0 || !F.Elf.section(Sec.Info).isAlloc())
        continue;
      add(Sec, *K.Relocs);
    }
  }

  void add(const ElfModuleSection &Sec, const ElfModuleRelocSection &RS) {
    const ElfModuleSection &Target = F.Elf.section(Sec.Info);
    // R_*_NONE goes through the table too: x86_64 skips it, ppc64 refuses
    // it.
    for (const ElfModuleReloc &R : RS.Relocs)
      Work.push_back({&Sec, &Target, &R, Arch.find(R.Type)});
  }

  void relSection(const ElfModuleSection &Sec) {
    Diags.error("reloc-rel-section")
        .section(Sec.Name)
        .message(formatv("an SHT_REL section applied by the loader; {0} "
                         "modules use SHT_RELA only",
                         Arch.Name))
        .fix("assemble and link the module for " + Arch.Name +
             ", which emits SHT_RELA")
        .kernel("module " + F.ModuleName + ": REL relocation unsupported");
  }

  void checkOne(const Applied &A) {
    const ElfModuleReloc &R = *A.R;
    const ElfModuleSymbol &Sym = F.symbol(R.Symbol);
    if (!A.Info || !A.Info->LoaderApplies) {
      Diags.error("reloc-type")
          .section(A.RelSec->Name)
          .symbol(Sym.Name)
          .offset(R.Offset)
          .message(formatv(
              "relocation type {0}{1} is not one the {2} "
              "module loader applies",
              R.Type, A.Info ? " (" + A.Info->Name.str() + ")" : std::string(),
              Arch.Name))
          .fix("compile the patch with the kernel's code model and flags "
               "(-mcmodel=kernel, -fno-PIC on x86_64) so that only "
               "supported relocations are emitted")
          .kernel(unknownTypeMessage(Arch.Machine, F.ModuleName, R.Type));
      return;
    }
    uint64_t Size = A.Info->Size;
    // ElfModule checked R.Offset < size for the allocated targets we apply.
    if (A.Target->Size - R.Offset < Size) {
      Diags.error("reloc-past-end")
          .section(A.RelSec->Name)
          .symbol(Sym.Name)
          .offset(R.Offset)
          .message(formatv("{0} writes {1} bytes at offset {2:x}, past the "
                           "end of '{3}' (size {4:x})",
                           A.Info->Name, Size, R.Offset, A.Target->Name,
                           A.Target->Size))
          .fix("the relocation offset is wrong; regenerate the module");
      return;
    }
    if (Arch.TargetsMustBeZero)
      checkZero(A, Sym);
    if (Arch.Machine == EM_X86_64 && A.Info->Name == "R_X86_64_32" &&
        !Sym.isSpecial(SHN_ABS))
      Diags.error("reloc-overflow")
          .section(A.RelSec->Name)
          .symbol(Sym.Name)
          .offset(R.Offset)
          .message("R_X86_64_32 zero-extends a 32-bit value, but kernel and "
                   "module addresses are in the top 2 GiB")
          .fix("compile with -mcmodel=kernel, which uses R_X86_64_32S")
          .kernel(formatv("module: overflow in relocation type {0} val "
                          "<address>\nmodule: `{1}' likely not compiled with "
                          "-mcmodel=kernel",
                          R.Type, F.ModuleName));
    if (Arch.CallsNeedNop && A.Info->IsCall && Sym.isSpecial(SHN_LIVEPATCH))
      checkCallNop(A, Sym);
  }

  std::string x86NonzeroMessage(uint32_t Type) const {
    return formatv("module: x86/modules: Invalid relocation target, existing "
                   "value is nonzero for type {0}, loc <address>, val "
                   "<value>",
                   Type);
  }

  void checkZero(const Applied &A, const ElfModuleSymbol &Sym) {
    // SHT_NOBITS targets are zero-filled by the loader; Contents holds
    // exactly the file's bytes of the others.
    const ElfModuleReloc &R = *A.R;
    ArrayRef<uint8_t> Contents = A.Target->Contents;
    if (R.Offset > Contents.size() || Contents.size() - R.Offset < A.Info->Size)
      return;
    ArrayRef<uint8_t> Bytes = Contents.slice(R.Offset, A.Info->Size);
    if (llvm::all_of(Bytes, [](uint8_t B) { return B == 0; }))
      return;
    Diags.error("reloc-target-nonzero")
        .section(A.RelSec->Name)
        .symbol(Sym.Name)
        .offset(R.Offset)
        .message(formatv("{0} would write over {1} bytes of '{2}' that hold "
                         "{3} instead of zeros; the x86_64 loader refuses "
                         "that (the addend belongs in r_addend)",
                         A.Info->Name, A.Info->Size, A.Target->Name,
                         toHex(Bytes, /*LowerCase=*/true)))
        .fix("zero the bytes at the relocated place and keep the addend in "
             "the relocation; a tool that kept the old value must clear it")
        .kernel(x86NonzeroMessage(R.Type));
  }

  void checkCallNop(const Applied &A, const ElfModuleSymbol &Sym) {
    const ElfModuleReloc &R = *A.R;
    std::optional<uint64_t> Insn = F.Elf.readValue(*A.Target, R.Offset, 4);
    if (!Insn || (*Insn & PpcBranchMask) != PpcBranchAndLink)
      return; // a sibling call does not return through the stub
    std::optional<uint64_t> Slot = F.Elf.readValue(*A.Target, R.Offset + 4, 4);
    bool HasSlot = Slot.has_value();
    uint64_t Next = Slot.value_or(0);
    if (HasSlot && Next == Arch.NopInsn)
      return;
    Diags.error("call-needs-nop")
        .section(A.RelSec->Name)
        .symbol(Sym.Name)
        .offset(R.Offset)
        .message(HasSlot
                     ? formatv("the call to a livepatch symbol is followed by "
                               "{0:x-8}, not a nop: the loader routes it "
                               "through a stub and must restore the TOC "
                               "pointer in that slot",
                               Next)
                           .str()
                     : std::string("the call to a livepatch symbol is the "
                                   "last instruction of its section: there "
                                   "is no slot for the TOC restore"))
        .fix("compile calls to livepatch symbols as calls to external "
             "functions (the compiler then emits 'bl sym; nop')")
        .kernel(formatv("module_64: {0}: Expected nop after call, got {1:x-8} "
                        "at <caller>",
                        F.ModuleName, Next));
  }

  /// Two relocations writing the same bytes: the second finds the first's
  /// value (x86_64 refuses it; elsewhere it silently adds to it).
  void checkOverlaps() {
    DenseMap<uint32_t, std::vector<const Applied *>> ByTarget;
    for (const Applied &A : Work)
      if (A.Info && A.Info->LoaderApplies && A.Info->Size &&
          A.Target->Size - A.R->Offset >= A.Info->Size)
        ByTarget[A.Target->Index].push_back(&A);
    std::vector<uint32_t> Targets;
    for (auto &Entry : ByTarget)
      Targets.push_back(Entry.first);
    llvm::sort(Targets); // deterministic report order
    for (uint32_t T : Targets) {
      std::vector<const Applied *> &List = ByTarget[T];
      llvm::stable_sort(List, [](const Applied *L, const Applied *R) {
        return L->R->Offset < R->R->Offset;
      });
      const Applied *Reach = nullptr; // the one reaching furthest so far
      for (const Applied *A : List) {
        if (Reach && A->R->Offset < Reach->R->Offset + Reach->Info->Size)
          reportOverlap(*Reach, *A);
        if (!Reach ||
            A->R->Offset + A->Info->Size > Reach->R->Offset + Reach->Info->Size)
          Reach = A;
      }
    }
  }

  void reportOverlap(const Applied &First, const Applied &Second) {
    const ElfModuleSymbol &Sym = F.symbol(Second.R->Symbol);
    Diags.error("reloc-overlap")
        .section(Second.RelSec->Name)
        .symbol(Sym.Name)
        .offset(Second.R->Offset)
        .message(formatv("{0} at offset {1:x} of '{2}' overlaps {3} at "
                         "offset {4:x} from '{5}' (symbol '{6}'): the kernel "
                         "writes the same bytes twice",
                         Second.Info->Name, Second.R->Offset,
                         Second.Target->Name, First.Info->Name, First.R->Offset,
                         First.RelSec->Name, F.symbol(First.R->Symbol).Name))
        .fix("keep one relocation per place: a converted reference must "
             "leave its ordinary relocation behind as R_*_NONE or remove it")
        .kernel(Arch.TargetsMustBeZero ? x86NonzeroMessage(Second.R->Type)
                                       : std::string());
  }

  const ModuleFacts &F;
  const ArchInfo &Arch;
  DiagnosticSink &Diags;
  std::vector<Applied> Work;
};

} // namespace

void checkArchRelocations(const ModuleFacts &F, DiagnosticSink &Diags) {
  if (F.Arch)
    ArchChecker(F, Diags).run();
}

} // namespace check
} // namespace klp
