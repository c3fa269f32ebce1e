/* The core half of the loadorder test module. */
static int __attribute__((noinline, used)) reset_stats(int x) { return x + 1; }

int loadorder_ioctl(int x) { return reset_stats(x); }
