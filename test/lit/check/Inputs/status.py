# Runs a command and prints its output (stderr merged into stdout), then
# "exit status: N", so that a test can FileCheck an exact exit status:
# klp-check exits 0 (passed), 1 (rule violations) or 2 (unusable input), and
# `not` cannot tell 1 from 2.
import subprocess
import sys

result = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE,
                        stderr=subprocess.STDOUT)
sys.stdout.buffer.write(result.stdout)
sys.stdout.write("exit status: %d\n" % result.returncode)
