/* The ext4 module for the tests: one more show_stat, in a module. */
static int __attribute__((noinline, used)) show_stat(int x) { return x + 3; }

int ext4_fill_super(int x) { return show_stat(x); }

static const char modinfo_name[] __attribute__((used, section(".modinfo"))) =
    "name=ext4";
