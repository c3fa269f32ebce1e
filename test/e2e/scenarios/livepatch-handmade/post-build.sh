# shellcheck shell=bash
# Host step after kbuild (cwd: the scenario's build copy): the hand
# conversion this test input needs; see the comment in klp_e2e_cmdline.c.
"$E2E_LIB/klp-handconvert.py" klp_e2e_cmdline.ko
