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

#endif
