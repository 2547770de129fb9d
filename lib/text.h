#ifndef QK_TEXT_H
#define QK_TEXT_H

#include <stddef.h>

/*
 * Text for people: display widths and applicant masking.  Widths count a
 * character of East Asian Width W or F (Unicode's EastAsianWidth) as two
 * columns and every other as one, whatever the locale.
 */

/* The East Asian Width of code point c: 2 for W and F, else 1. */
int qk_text_cwidth(unsigned long c);
/* Columns of a UTF-8 string (a byte that is not valid UTF-8 counts one). */
size_t qk_text_width(const char *s);
/* Unicode characters of a UTF-8 string. */
size_t qk_text_chars(const char *s);

/* qk-pack's --mask (tools.md), counting Unicode characters, into out
 * (size outlen, truncated to fit): a name keeps its first character, one
 * '*' for each other ("*" for one character); keep_head and keep_tail
 * characters kept at each end, all '*' when the value has
 * keep_head + keep_tail characters or fewer (idno 4 4, phone 3 4). */
void qk_mask_name(const char *s, char *out, size_t outlen);
void qk_mask_ends(const char *s, size_t keep_head, size_t keep_tail,
    char *out, size_t outlen);

#endif
