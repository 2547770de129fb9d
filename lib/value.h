#ifndef QK_VALUE_H
#define QK_VALUE_H

#include <stddef.h>

/*
 * The value types of formats.md that every tool reads the same way: the
 * one integer parser of qk, day counts, and codes.
 */

/* 1 when s is an integer of formats.md ([0-9]+, any length, leading
 * zeros allowed), with its value in *v saturated at QK_UINT_CAP; 0 when
 * it is not one. */
#define QK_UINT_CAP 1000000000L
int qk_value_uint(const char *s, long *v);
/* An integer as a number of (working) days, saturated at QK_DAYS_CAP,
 * beyond any calendar, so that every tool derives the same dates from
 * an absurd limit; -1 when s is not an integer. */
#define QK_DAYS_CAP 1000000L
long qk_value_days(const char *s);
/* 1 when the n bytes at s are a code of formats.md: ASCII [A-Za-z0-9_-]+. */
int qk_value_is_code(const char *s, size_t n);

#endif
