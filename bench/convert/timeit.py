#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""Times two commands interleaved (A, B, A, B, ...) and prints medians and
the ratio A/B. Usage: timeit.py RUNS LABEL_A 'CMD_A' LABEL_B 'CMD_B'."""
import shlex
import statistics
import subprocess
import sys
import time


def run(cmd):
    start = time.perf_counter()
    subprocess.run(cmd, shell=True, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main():
    runs = int(sys.argv[1])
    label_a, cmd_a, label_b, cmd_b = sys.argv[2:6]
    run(cmd_a), run(cmd_b)  # warm the page cache
    ta, tb = [], []
    for _ in range(runs):
        ta.append(run(cmd_a))
        tb.append(run(cmd_b))
    ma, mb = statistics.median(ta), statistics.median(tb)
    print(f"  {label_a:12s} median {ma * 1000:8.1f} ms   $ {cmd_a}")
    print(f"  {label_b:12s} median {mb * 1000:8.1f} ms   $ {cmd_b}")
    print(f"  ratio {label_a}/{label_b}: {ma / mb:.3f} (target <= 1.2, "
          f"{runs} interleaved runs each)")


if __name__ == "__main__":
    main()
