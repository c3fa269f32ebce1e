//===- bench/manifest/manifest-bench.cpp - Manifest load and lookup time --===//
//
// Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// What one compile pays: Manifest::open (a fresh mapping, so every page a
// lookup touches faults in again, from the page cache) plus the lookups of
// the names it references. Repeated many times; prints mean, median and
// extremes.
//
//   klp-manifest-bench MANIFEST NAMES-FILE [RUNS]
//
//===----------------------------------------------------------------------===//

#include "manifest/Manifest.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

using namespace llvm;
using Clock = std::chrono::steady_clock;

static double micros(Clock::duration D) {
  return std::chrono::duration<double, std::micro>(D).count();
}

namespace {
struct Stats {
  std::vector<double> Samples;
  void print(StringRef What) {
    std::sort(Samples.begin(), Samples.end());
    double Sum = 0;
    for (double S : Samples)
      Sum += S;
    outs() << format("%-22s mean %8.1f us  median %8.1f us  min %8.1f us  "
                     "p99 %8.1f us  max %8.1f us\n",
                     What.str().c_str(), Sum / Samples.size(),
                     Samples[Samples.size() / 2], Samples.front(),
                     Samples[Samples.size() * 99 / 100], Samples.back());
  }
};
} // namespace

int main(int Argc, char **Argv) {
  if (Argc < 3) {
    errs() << "usage: klp-manifest-bench MANIFEST NAMES-FILE [RUNS]\n";
    return 2;
  }
  StringRef Path = Argv[1];
  unsigned Runs = Argc > 3 ? std::stoul(Argv[3]) : 1000;
  ErrorOr<std::unique_ptr<MemoryBuffer>> NamesBuf =
      MemoryBuffer::getFile(Argv[2]);
  if (!NamesBuf) {
    errs() << Argv[2] << ": " << NamesBuf.getError().message() << "\n";
    return 1;
  }
  SmallVector<StringRef, 64> Names;
  (*NamesBuf)->getBuffer().split(Names, '\n', -1, /*KeepEmpty=*/false);

  Stats Total, Open, Lookups;
  size_t Found = 0, Candidates = 0, Sink = 0;
  for (unsigned R = 0; R < Runs; ++R) {
    Clock::time_point T0 = Clock::now();
    Expected<std::unique_ptr<klp::Manifest>> M = klp::Manifest::open(Path);
    if (!M) {
      errs() << toString(M.takeError()) << "\n";
      return 1;
    }
    Clock::time_point T1 = Clock::now();
    size_t F = 0, C = 0;
    for (StringRef N : Names) {
      Expected<SmallVector<klp::ManifestSymbol, 4>> SOrErr = (*M)->lookup(N);
      if (!SOrErr) {
        errs() << toString(SOrErr.takeError()) << "\n";
        return 1;
      }
      SmallVector<klp::ManifestSymbol, 4> &S = *SOrErr;
      F += !S.empty();
      C += S.size();
      for (const klp::ManifestSymbol &Sym : S)
        Sink += Sym.sympos() + Sym.Object.size();
    }
    M->reset(); // unmap, as the compile's end would
    Clock::time_point T2 = Clock::now();
    Open.Samples.push_back(micros(T1 - T0));
    Lookups.Samples.push_back(micros(T2 - T1));
    Total.Samples.push_back(micros(T2 - T0));
    Found = F;
    Candidates = C;
  }
  outs() << "manifest " << Path << ": " << Names.size() << " lookups per run ("
         << Found << " found, " << Candidates << " candidates), " << Runs
         << " runs\n";
  Total.print("open + lookups:");
  Open.print("  open:");
  Lookups.print("  lookups + unmap:");
  return Sink == 0xdeadbeef; // keep the work observable
}
