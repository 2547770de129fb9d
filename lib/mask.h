#ifndef QK_MASK_H
#define QK_MASK_H

#include <stddef.h>

/*
 * Masking of applicant data (tools.md, qk-pack --mask; qk-report --mask
 * follows the same rules), counting Unicode characters, not bytes.
 */
struct qk_arena;
struct qk_node;

/* s with its first head and last tail characters kept and one '*' for
 * each between; a value of head + tail characters or fewer becomes all
 * '*'.  Allocated in arena; NULL when it is exhausted. */
char *qk_mask_text(struct qk_arena *, const char *s, size_t head, size_t tail);
/* The same into out (size outlen); "" when it does not fit whole. */
void qk_mask_into(const char *s, size_t head, size_t tail, char *out,
    size_t outlen);
/* Masks idno (4 + 4), phone (3 + 4) and name (1 + 0) of every applicant
 * of the case's application, in place (values from arena).  0, or -1
 * when the arena is exhausted. */
int qk_mask_case(struct qk_arena *, struct qk_node *casenode);

#endif
