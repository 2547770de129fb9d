#ifndef QK_KEYSET_H
#define QK_KEYSET_H

#include <stddef.h>

/*
 * A set of byte-string keys stored exactly and compactly: the keys packed
 * in large chunks (no per-key allocation), each after its length, and
 * open-addressing tables (one per shard of the hashes) of 64-bit slots.
 * qk-audit's duplicate-application keys (tools.md, Memory and streaming).
 * Equal hashes are told apart by comparing the stored bytes, so there are
 * no false duplicates.  Up to about 10^12 bytes of keys.
 */
struct qk_keyset;

struct qk_keyset *qk_keyset_new(void);
void qk_keyset_free(struct qk_keyset *);
/* Adds the key: 1 when it was new, 0 when already present, -1 on ENOMEM. */
int qk_keyset_add(struct qk_keyset *, const void *key, size_t len);

#endif
