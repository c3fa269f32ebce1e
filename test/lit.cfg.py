# lit configuration for klp-llvm. Tests live in test/lit/<area>/.
import os
import lit.formats

config.name = "klp-llvm"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".c", ".ll", ".s", ".test", ".yaml"]
config.excludes = ["Inputs"]
config.test_source_root = os.path.join(config.klp_src_root, "test", "lit")
config.test_exec_root = os.path.join(config.klp_obj_root, "test")

# Our tools first, then LLVM's (FileCheck, not, llvm-readelf, clang, ...).
path = [config.klp_tools_dir, config.llvm_tools_dir, config.environment.get("PATH", "")]
config.environment["PATH"] = os.pathsep.join(path)
config.environment["LC_ALL"] = "C"
config.environment["ASAN_OPTIONS"] = "detect_leaks=0"

plugin = os.path.join(config.klp_lib_dir, "KlpPlugin.so")
clang = os.path.join(config.llvm_tools_dir, "clang")
opt = os.path.join(config.llvm_tools_dir, "opt")
if config.klp_sanitized:
    # The sanitized plugin needs the sanitizer runtimes in the (plain) clang
    # and opt that load it; preloading them also checks the plugin's code.
    # Wrapper scripts keep %clang a single path that tests may pass around.
    import subprocess
    runtimes = [subprocess.check_output(["c++", "-print-file-name=" + lib], text=True).strip()
                for lib in ("libasan.so", "libubsan.so")]
    wrappers = os.path.join(config.klp_obj_root, "test", "sanitized-bin")
    os.makedirs(wrappers, exist_ok=True)
    def wrap(tool):
        path = os.path.join(wrappers, os.path.basename(tool))
        with open(path, "w") as f:
            f.write('#!/bin/sh\nLD_PRELOAD="%s" exec %s "$@"\n' % (":".join(runtimes), tool))
        os.chmod(path, 0o755)
        return path
    clang = wrap(clang)
    opt = wrap(opt)
config.substitutions.append(("%plugin", plugin))
# %clang compiles for the kernel's code model, as kbuild does.
config.substitutions.append(("%clang_kernel",
    clang + " -target x86_64-linux-gnu -ffreestanding -fno-PIC -mcmodel=kernel"
    " -mno-red-zone -fno-asynchronous-unwind-tables -nostdinc"))
config.substitutions.append(("%clang", clang))
config.substitutions.append(("%opt", opt))
config.substitutions.append(("%ld.lld", os.path.join(config.llvm_tools_dir, "ld.lld")))
for tool in ["klp-manifest", "klp-config", "klp-convert", "klp-check", "klp-ld", "klp-diff", "klp-unittests"]:
    config.substitutions.append(("%" + tool, os.path.join(config.klp_tools_dir, tool)))
config.substitutions.append(("%srcroot", config.klp_src_root))

if os.path.exists(plugin):
    config.available_features.add("plugin")
config.available_features.add("llvm-" + config.llvm_version_major)
if config.klp_sanitized:
    config.available_features.add("sanitized")
if os.path.exists("/usr/bin/ld") or os.path.exists("/usr/bin/x86_64-linux-gnu-ld"):
    config.available_features.add("gnu-ld")
# Fixtures made by the compiler distributions build kernels with (gcc's
# clones, .cold parts and DWARF): test/lit/manifest/debug-unit*.test.
if os.path.exists("/usr/bin/gcc"):
    config.available_features.add("gcc")
# Fault tests of the output writer (support/OutputFile.h): strace kills a
# tool in the middle of a write; a tmpfs in a private mount namespace is a
# full disk that vanishes with the test.
import shutil
import subprocess
if shutil.which("strace"):
    config.available_features.add("strace")
if shutil.which("unshare"):
    try:
        if subprocess.run(["unshare", "-rm", "sh", "-c",
                           "mount -t tmpfs -o size=16k tmpfs /tmp"],
                          capture_output=True, timeout=30).returncode == 0:
            config.available_features.add("small-tmpfs")
    except (OSError, subprocess.SubprocessError):
        pass
