/* A patch whose file has the name of the kernel file it patches. */
int show_stat(int);
extern int nr_calls;

int livepatch_copy_process(int x) {
  nr_calls++;
  return show_stat(x);
}
