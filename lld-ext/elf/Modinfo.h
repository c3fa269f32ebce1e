//===- lld-ext/elf/Modinfo.h - .modinfo as the kernel reads it --*- C++ -*-===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The one reader of a module's .modinfo, with the kernel's semantics
// (kernel/module/main.c): get_modinfo() walks the section's NUL-separated
// strings and returns the value of the first "tag=value" whose text before
// the '=' is the tag; a tag without '=' is no entry. Two facts klp-llvm's
// tools need come from it:
//
//  * check_modinfo_livepatch(): a module with a "livepatch" entry, whatever
//    its value, is a livepatch module; only then does the loader keep what
//    livepatch needs and klp_enable_patch() accept the module;
//  * the module's name: "name=" (modpost writes it), else the name in
//    struct module (.gnu.linkonce.this_module), as the loader falls back.
//
//===----------------------------------------------------------------------===//

#ifndef KLP_LLD_EXT_ELF_MODINFO_H
#define KLP_LLD_EXT_ELF_MODINFO_H

#include "llvm/ADT/StringRef.h"

#include <optional>

namespace klp {

class ElfModule;

constexpr llvm::StringLiteral ModinfoSectionName = ".modinfo";
constexpr llvm::StringLiteral ThisModuleSectionName =
    ".gnu.linkonce.this_module";

/// The value of the first "Tag=value" entry in \p Contents, the bytes of a
/// .modinfo section, as get_modinfo() finds it.
std::optional<llvm::StringRef> findModinfoEntry(llvm::StringRef Contents,
                                                llvm::StringRef Tag);

/// The same in \p M's .modinfo (the first section of that name).
std::optional<llvm::StringRef> findModinfo(const ElfModule &M,
                                           llvm::StringRef Tag);

/// check_modinfo_livepatch(): \p Contents has a "livepatch" entry.
bool hasLivepatchEntry(llvm::StringRef Contents);
bool hasLivepatchEntry(const ElfModule &M);

/// Why the kernel refuses a module with livepatch content that is not
/// marked as a livepatch module; every tool says it in these words.
constexpr llvm::StringLiteral NoLivepatchEntry =
    ".modinfo has no 'livepatch' entry";

/// The name the kernel gives \p M: .modinfo's "name=", else struct
/// module's name (after an enum and a list_head: offset 24 on 64-bit, 12 on
/// 32-bit) when it reads as a module name; as written, not normalized.
std::optional<llvm::StringRef> kernelModuleName(const ElfModule &M);

} // namespace klp

#endif // KLP_LLD_EXT_ELF_MODINFO_H
