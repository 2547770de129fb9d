#ifndef QK_IDPACK_H
#define QK_IDPACK_H

#include <stdint.h>

/*
 * Case ids in 64 bits (tools.md, Memory and streaming).  An id of the
 * form SITE-YYYYMMDD-NNNN is packed exactly: bit 63 set, the index of
 * SITE (in order of first appearance) in bits 42-61, the day number in
 * bits 18-41 and the sequence number in bits 0-17.  The sequence is 4
 * digits, or 5 to 9 digits without a leading zero and at most 262143;
 * the date is a valid one from 1970 on; SITE is 1 to 127 bytes.  Any
 * other id is kept as its string in one growing buffer, its key (bit 63
 * clear) the string's offset there.
 */
struct qk_idpack;

/* The longest packed id and its NUL: 127 + "-YYYYMMDD-262143". */
#define QK_IDPACK_BUF 144

struct qk_idpack *qk_idpack_new(void);
void qk_idpack_free(struct qk_idpack *);

/* 1 and the packed key when id is of the packed form, 0 when it is not
 * (nothing is stored then), -1 when out of memory. */
int qk_idpack_pack(struct qk_idpack *, const char *id, uint64_t *key);
/* The key of any id: packed, or its string kept.  0, or -1 when out of
 * memory. */
int qk_idpack_key(struct qk_idpack *, const char *id, uint64_t *key);
/* The id of a key made here: formatted into buf, or the kept string
 * (valid until the next qk_idpack_key). */
const char *qk_idpack_id(const struct qk_idpack *, uint64_t key,
    char buf[QK_IDPACK_BUF]);
/* <0, 0 or >0 as the ids of a and b compare in byte order (strcmp). */
int qk_idpack_cmp(const struct qk_idpack *, uint64_t a, uint64_t b);

#endif
