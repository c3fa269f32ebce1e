//===- test/fuzz/FuzzCommon.h - What every fuzz target shares ---*- C++ -*-===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// A target feeds libFuzzer's bytes to one reader and checks what must hold
// for any input: no crash, no sanitizer report, failures are llvm::Errors,
// and the target's own invariants. A broken invariant aborts with a message,
// which libFuzzer records as a crash like any other.
//
//===----------------------------------------------------------------------===//

#ifndef KLP_TEST_FUZZ_FUZZCOMMON_H
#define KLP_TEST_FUZZ_FUZZCOMMON_H

#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <cstdlib>

namespace klp {
namespace fuzz {

/// The input as text (it may hold NULs and any byte).
inline llvm::StringRef asText(const uint8_t *Data, size_t Size) {
  return llvm::StringRef(reinterpret_cast<const char *>(Data), Size);
}

/// Reports a broken invariant and aborts: libFuzzer saves the input.
[[noreturn]] inline void fail(const llvm::Twine &Why) {
  llvm::errs() << "fuzz invariant broken: " << Why << "\n";
  llvm::errs().flush();
  std::abort();
}

/// Aborts on an error the target says cannot happen.
inline void mustSucceed(llvm::Error E, const llvm::Twine &What) {
  if (E)
    fail(What + ": " + llvm::toString(std::move(E)));
}
template <typename T>
T mustSucceed(llvm::Expected<T> V, const llvm::Twine &What) {
  if (!V)
    fail(What + ": " + llvm::toString(V.takeError()));
  return std::move(*V);
}

/// An error message must be a readable line, not garbage: non-empty.
inline void checkMessage(llvm::Error E, const llvm::Twine &What) {
  std::string Message = llvm::toString(std::move(E));
  if (Message.empty())
    fail(What + " failed with an empty message");
}

} // namespace fuzz
} // namespace klp

#endif // KLP_TEST_FUZZ_FUZZCOMMON_H
