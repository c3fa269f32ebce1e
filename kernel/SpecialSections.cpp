//===- kernel/SpecialSections.cpp - Sections the loader reads -------------===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "kernel/SpecialSections.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FormatVariadic.h"

using namespace llvm;

namespace klp {

namespace {
struct SpecialSection {
  StringLiteral Name;
  /// Who reads it while the patch module loads.
  StringLiteral ReadBy;
};
} // namespace

// Sections that upstream livepatch tools (kpatch, objtool klp) treat as
// special, plus the x86 call-site lists module_finalize() patches.
static const SpecialSection SpecialSections[] = {
    {"__jump_table", "jump_label_add_module()"},
    {".static_call_sites", "static_call_add_module()"},
    {".altinstructions", "apply_alternatives()"},
    {".altinstr_replacement", "apply_alternatives()"},
    {".altinstr_aux", "apply_alternatives()"},
    {".parainstructions", "apply_paravirt()"},
    {"__ex_table", "the exception table sort"},
    {"__bug_table", "module_bug_finalize()"},
    {".smp_locks", "alternatives_smp_module_add()"},
    {"__mcount_loc", "ftrace_module_init()"},
    {"__patchable_function_entries", "ftrace_module_init()"},
    {".kcfi_traps", "the kCFI trap table"},
    {".retpoline_sites", "apply_retpolines()"},
    {".return_sites", "apply_returns()"},
    {".call_sites", "callthunks_patch_module_calls()"},
    {".cfi_sites", "apply_fineibt()"},
    {".ibt_endbr_seal", "apply_seal_endbr()"},
    {".orc_unwind_ip", "unwind_module_init()"},
    {".orc_unwind", "unwind_module_init()"},
    {"__ftr_fixup", "powerpc feature fixups"},
    {"__mmu_ftr_fixup", "powerpc feature fixups"},
    {"__fw_ftr_fixup", "powerpc feature fixups"},
    {"__lwsync_fixup", "powerpc feature fixups"},
};

static const SpecialSection *findSpecial(StringRef Section) {
  for (const SpecialSection &S : SpecialSections)
    if (S.Name == Section)
      return &S;
  return nullptr;
}

std::optional<std::string>
moduleSpecificRelocProblem(StringRef Section, function_ref<std::string()> Where,
                           const KernelSymbolRef &Target) {
  if (Target.Object == VmlinuxObject)
    return std::nullopt;
  // objtool's wording, so that users of both tools recognise it.
  if (Section == "__jump_table") {
    std::string Msg =
        formatv("{0}: unsupported static branch key {1}. Use "
                "static_key_enabled() instead (the key lives in module '{2}'; "
                "a relocation to it is applied only when '{2}' is patched, "
                "after the patch module's jump labels were initialised)",
                Where(), Target.Name, Target.Object)
            .str();
    if (StringRef(Target.Name).starts_with("__tracepoint_"))
      Msg += "; this is a tracepoint of that module: trace from a function "
             "of the module that the patch calls instead";
    return Msg;
  }
  if (Section == ".static_call_sites")
    return formatv("{0}: unsupported static call key {1}. Use "
                   "KLP_STATIC_CALL() instead, or call through a function "
                   "pointer read with static_call_query() (the key lives in "
                   "module '{2}', whose relocations are applied after the "
                   "patch module's static calls were initialised)",
                   Where(), Target.Name, Target.Object)
        .str();
  if (const SpecialSection *S = findSpecial(Section))
    return formatv("{0}: {1} refers to {2} of module '{3}', but {4} reads "
                   "{1} while the patch module loads, before relocations "
                   "for '{3}' are applied; move the reference into ordinary "
                   "code (outside alternatives, exception-table fixups and "
                   "the like) or reach the symbol through a function of "
                   "vmlinux",
                   Where(), Section, Target.Name, Target.Object, S->ReadBy)
        .str();
  if (Section.starts_with(".init"))
    return formatv("{0}: init section {1} refers to {2} of module '{3}'; "
                   "that relocation would be written when '{3}' is patched, "
                   "after the patch module's init memory was freed; move the "
                   "reference out of __init code or data",
                   Where(), Section, Target.Name, Target.Object)
        .str();
  return std::nullopt;
}

} // namespace klp
