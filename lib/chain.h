#ifndef QK_CHAIN_H
#define QK_CHAIN_H

#include <stddef.h>

/*
 * The hash chain of formats.md: canon() of an element, h0 of a case and
 * h(n) of its n-th event, as 64 lowercase hex characters (+ NUL).
 */
struct qk_node;

#define QK_HEX_LEN 65

/* Feeds canon(n) to emit, piece by piece ("h" attributes left out at
 * every level, as the chain defines them only for events). */
void qk_canon(const struct qk_node *n,
    void (*emit)(void *arg, const char *s, size_t len), void *arg);
/* SHA-256 of a byte string, as hex (the one place nettle is called). */
void qk_sha256_hex(const void *data, size_t len, char hex[QK_HEX_LEN]);
/* Incremental SHA-256 of a byte stream, as hex: new (NULL on ENOMEM),
 * update, then end, which writes the digest and frees. */
struct qk_sha256;
struct qk_sha256 *qk_sha256_new(void);
void qk_sha256_update(struct qk_sha256 *, const void *data, size_t len);
void qk_sha256_end(struct qk_sha256 *, char hex[QK_HEX_LEN]);
/* h0 = SHA256("qk-case/1" LF id LF canon(application)). */
void qk_chain_h0(const char *id, const struct qk_node *application,
    char hex[QK_HEX_LEN]);
/* h(n) = SHA256(prev LF canon(event)). */
void qk_chain_next(const char *prev, const struct qk_node *event,
    char hex[QK_HEX_LEN]);
/*
 * Recomputes a case's chain from its bytes as read (the chain check of
 * qk-audit and qk-pack): from h0 (computed from the case's id and
 * application when h0 is NULL; a masked package records it), over its
 * <event> children in document order.  Returns -1 when every event's h
 * matches, else the index (0-based, document order) of the first event
 * whose h differs or is absent.  last, when not NULL, receives the last h
 * computed (h0 when there is no event; the bad event's h otherwise).  The
 * case must have an id and an application unless h0 is given.
 */
int qk_chain_verify(const struct qk_node *casenode, const char *h0,
    char last[QK_HEX_LEN]);
/* 1 when s is 64 lowercase hex characters. */
int qk_chain_is_hash(const char *s);

#endif
