//===- kernel/SpecialSections.h - Sections the loader reads ----*- C++ -*-===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Where a livepatch relocation may not go. Relocations against vmlinux
// symbols are applied while the patch module loads (Linux 5.8+), before
// module_finalize() and the module notifiers read the special sections, so
// they may go anywhere. Relocations against a symbol of another module are
// applied only when that module is (or gets) patched, which is after the
// kernel has read these sections: a jump label, static call, alternative,
// exception table entry, ... that depends on one would be read unrelocated.
// The same holds for init sections, which are freed before a late
// relocation could be written. The converter refuses to write such a
// relocation and klp-check refuses a module that has one, by this one table.
//
//===----------------------------------------------------------------------===//

#ifndef KLP_KERNEL_SPECIALSECTIONS_H
#define KLP_KERNEL_SPECIALSECTIONS_H

#include "format/KlpFormat.h"

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>

namespace klp {

/// The reason a module-specific livepatch relocation (one against a symbol of
/// \p Target.Object != vmlinux) may not apply to section \p Section, with
/// what to write instead; std::nullopt when it may. \p Where says where the
/// relocation is ("func+0x12"); it is only called to build a message.
std::optional<std::string>
moduleSpecificRelocProblem(llvm::StringRef Section,
                           llvm::function_ref<std::string()> Where,
                           const KernelSymbolRef &Target);

} // namespace klp

#endif // KLP_KERNEL_SPECIALSECTIONS_H
