/* The first object of the link: its own static. */
static int a_count;
int *a_counter(void) { return &a_count; }
