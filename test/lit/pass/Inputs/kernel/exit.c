/* A vmlinux source file for the tests: a static that fork.c also has. */
static int __attribute__((noinline, used)) show_stat(int x) { return x + 2; }
static int nr_calls __attribute__((used));

int do_exit(int x) {
  nr_calls++;
  return show_stat(x);
}
