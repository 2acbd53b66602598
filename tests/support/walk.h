/* Every regular file under a folder, for the tests that read
 * ../shared/data in place. */
#ifndef TC_TEST_WALK_H
#define TC_TEST_WALK_H

/* fn(path, depth, arg) for each regular file under dir, recursively, in
 * readdir order; names starting with '.' are skipped. depth 0: directly
 * in dir. */
void tt_walk(const char *dir, void (*fn)(const char *path, int depth, void *arg), void *arg);

#endif
