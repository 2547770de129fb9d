#ifndef QK_PACK_H
#define QK_PACK_H

#include <stddef.h>

/*
 * Archives written whole from member files (tools.md: --split DEST and
 * qk-pack): the kind follows the name's ending, entries are written in
 * the order given with fixed metadata (mode 0644, uid and gid 0, the given
 * modification time), and the archive file itself is atomic.
 */

/* 1 when path names an archive: .tar .tar.gz .tgz .tar.xz .tar.zst .zip. */
int qk_pack_is_archive(const char *path);
/* Writes members names[i] with the bytes of files[i].  0, or -1 with a
 * message in err. */
int qk_pack_write(const char *path, const char *const *names,
    const char *const *files, int n, long long mtime, char *err, size_t errlen);

/*
 * The same, entry by entry (qk-pack): open, then for each entry a folder
 * or a file header followed by exactly size bytes of data, then commit
 * (atomic rename) or abort (nothing left behind).  Folders get mode 0755.
 * Each call returns 0, or -1 with a message in err; the handle stays
 * valid until commit or abort, which free it.
 */
struct qk_pack;
struct qk_pack *qk_pack_open(const char *path, char *err, size_t errlen);
int qk_pack_dir(struct qk_pack *, const char *name, long long mtime,
    char *err, size_t errlen);
int qk_pack_file(struct qk_pack *, const char *name, long long size,
    long long mtime, char *err, size_t errlen);
int qk_pack_data(struct qk_pack *, const void *buf, size_t len,
    char *err, size_t errlen);
int qk_pack_commit(struct qk_pack *, char *err, size_t errlen);
void qk_pack_abort(struct qk_pack *);

#endif
