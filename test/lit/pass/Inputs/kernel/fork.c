/* A vmlinux source file for the tests: a static that exit.c also has. */
static int __attribute__((noinline, used)) show_stat(int x) { return x + 1; }
static int nr_calls __attribute__((used));

int copy_process(int x) {
  nr_calls++;
  return show_stat(x);
}
