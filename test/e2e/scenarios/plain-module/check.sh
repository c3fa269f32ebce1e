# shellcheck shell=sh
# Guest checks: the clang-built module loads, works, can be traced by ftrace
# (its mcount sites were recorded and the kernel could rewrite them), and
# unloads.
mod=klp_e2e_hello
check "insmod $mod" load $mod
check_contains "module listed" "$mod " "$(cat /proc/modules)"
# __VERSION__: "Clang 19.1.7 ..." (vendors prefix it), gcc's is "12.2.0".
check_contains "/proc/$mod says built by clang" "built by" "$(cat /proc/$mod)"
check_contains "compiler was clang" "Clang " "$(cat /proc/$mod)"
check "module symbols in kallsyms" grep -q "t ${mod}_show.\[$mod\]" /proc/kallsyms

t=/sys/kernel/tracing
check_contains "ftrace knows ${mod}_show" "${mod}_show [$mod]" "$(cat $t/available_filter_functions)"
check "ftrace filter on ${mod}_show" sh -c "echo ${mod}_show >$t/set_ftrace_filter"
check "function tracer on" sh -c "echo function >$t/current_tracer"
cat /proc/$mod >/dev/null
check_contains "call of ${mod}_show traced" "${mod}_show" "$(cat $t/trace)"
check "function tracer off" sh -c "echo nop >$t/current_tracer && echo >$t/set_ftrace_filter"

check "rmmod $mod" rmmod $mod
check_not_contains "module gone" "$mod " "$(cat /proc/modules)"
