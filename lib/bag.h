#ifndef QK_BAG_H
#define QK_BAG_H

#include <stddef.h>

/*
 * A qk package (tools.md, qk-pack): a BagIt bag of cases in one archive.
 * Cases are spooled, as they are written, to one unlinked file in
 * $TMPDIR; memory keeps one 24-byte entry per case (its id packed by
 * lib/idpack.h, offset, length), in a vector per member.  At the end the
 * bag is written entry by entry, in byte order of the paths, through
 * lib/pack.h: the archive appears whole or not at all.
 */
struct qk_node;
struct qk_bag;

struct qk_bag_opts {
	const char *name;		/* the top folder */
	const char *date;		/* Bagging-Date, YYYY-MM-DD */
	long long mtime;		/* DATE 00:00:00 UTC */
	const char *org;		/* Source-Organization */
	int mask, allow_broken;
};

/* Opens the package's temporary file beside path and the spool.  NULL
 * with a message in err. */
struct qk_bag *qk_bag_new(const char *path, const struct qk_bag_opts *,
    char *err, size_t errlen);
/* Frees; a package not written is removed. */
void qk_bag_free(struct qk_bag *);

/* An --add file: data/extra/BASENAME, copied now.  0, or -1 (err). */
int qk_bag_add_file(struct qk_bag *, const char *path, char *err,
    size_t errlen);

enum { QK_BAG_PACKED, QK_BAG_BROKEN, QK_BAG_REFUSED };
/*
 * Packs a case as read (masked in place when asked).  QK_BAG_PACKED;
 * QK_BAG_BROKEN when its chain does not verify (packed only with
 * allow_broken); QK_BAG_REFUSED when it cannot be packed at all (why
 * says how).  -1 on a system error (err).
 */
int qk_bag_add_case(struct qk_bag *, struct qk_node *casenode,
    const char **why, char *err, size_t errlen);
/* Writes and commits the package.  0, or -1 (err).  The bag is still
 * to be freed. */
int qk_bag_write(struct qk_bag *, char *err, size_t errlen);

/* 1 when broken cases are packed (allow_broken). */
int qk_bag_allows_broken(const struct qk_bag *);
/* 1 when name is a valid top folder name: [A-Za-z0-9._-]{1,64}. */
int qk_bag_name_ok(const char *name);

#endif
