#ifndef QK_TEXT_H
#define QK_TEXT_H

#include <stddef.h>

/*
 * Text for people: display widths.  Widths count a
 * character of East Asian Width W or F (Unicode's EastAsianWidth) as two
 * columns and every other as one, whatever the locale.
 */

/* The East Asian Width of code point c: 2 for W and F, else 1. */
int qk_text_cwidth(unsigned long c);
/* Columns of a UTF-8 string (a byte that is not valid UTF-8 counts one). */
size_t qk_text_width(const char *s);


#endif
