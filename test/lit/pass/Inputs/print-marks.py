#!/usr/bin/env python3
# Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""Prints the mark records of an object file, one per line, in section order.

usage: print-marks.py SECTION OBJECT

The records are the strings of the mark section that start with the contract
version ("1 <object> <sympos> <name> <linkname>"), whatever framing the
contract puts around them; llvm-readelf finds the strings.
"""
import re
import subprocess
import sys

section, obj = sys.argv[1], sys.argv[2]
out = subprocess.run(["llvm-readelf", "-p", section, obj], capture_output=True,
                     text=True)
if out.returncode != 0 or "could not find section" in out.stderr:
    print("no %s section in %s" % (section, obj))
    sys.exit(0)
record = re.compile(r"^\[\s*[0-9a-f]+\] (1 \S+ [0-9]+ \S+ \S+)$")
for line in out.stdout.splitlines():
    m = record.match(line)
    if m:
        print(m.group(1))
