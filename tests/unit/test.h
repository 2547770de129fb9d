#ifndef QK_TEST_H
#define QK_TEST_H

#include <string.h>

/*
 * Unit tests: each QK_TEST(name) at the start of a line is found by the
 * Makefile and run by main.c, which prints TAP for prove.
 */
#define QK_TEST(name) void test_##name(void)

void qk_test_fail(const char *file, int line, const char *what);
void qk_test_failf(const char *file, int line, const char *fmt, ...);
/* The folder of the test data (tests/data) of the source tree. */
const char *qk_test_data(void);

struct qk_arena;
struct qk_cal;
struct qk_catalog;
struct qk_node;
struct qk_roster;

/* The reference data shipped in share/qk (catalog, roster, calendar),
 * loaded on first use and kept for the run.  0, or -1 (the reason printed
 * as a TAP comment). */
int qk_test_ref(const struct qk_catalog **, const struct qk_roster **,
    struct qk_cal **);
/* A whole document of the test data (path under tests/data) read into the
 * arena: its root element, or NULL (the reason printed). */
struct qk_node *qk_test_doc(struct qk_arena *, const char *path,
    const char *root);

/* A node made from "name k=v k=v…" (values hold no spaces; "k=" sets an
 * empty value), appended to parent when not NULL; NULL when the arena is
 * exhausted. */
struct qk_node *qk_test_node(struct qk_arena *, struct qk_node *parent,
    const char *spec);

/* A temporary folder for the files of one test. */
struct qk_test_tmp {
	char dir[256];
};

/* Makes the folder under $TMPDIR or /tmp.  0, or -1. */
int qk_test_tmp_make(struct qk_test_tmp *);
/* Writes text to the file name in it, and its path to path (when not
 * NULL).  0, or -1. */
int qk_test_tmp_write(const struct qk_test_tmp *, const char *name,
    const char *text, char *path, size_t pathlen);
/* Removes the folder and the files in it. */
void qk_test_tmp_remove(const struct qk_test_tmp *);

#define CHECK(cond) do { \
	if (!(cond)) { qk_test_fail(__FILE__, __LINE__, #cond); return; } \
} while (0)
#define CHECK_INT(a, b) do { \
	long long a_ = (a), b_ = (b); \
	if (a_ != b_) { qk_test_failf(__FILE__, __LINE__, \
	    "%s == %lld, expected %lld", #a, a_, b_); return; } \
} while (0)
#define CHECK_STR(a, b) do { \
	const char *a_ = (a), *b_ = (b); \
	if (a_ == NULL || strcmp(a_, b_) != 0) { qk_test_failf(__FILE__, \
	    __LINE__, "%s == \"%s\", expected \"%s\"", #a, \
	    a_ != NULL ? a_ : "(null)", b_); return; } \
} while (0)

#endif
