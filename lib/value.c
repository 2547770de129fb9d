#include <string.h>

#include "value.h"

int qk_value_uint(const char *s, long *v)
{
	long x = 0;

	if (s == NULL || *s == '\0')
		return 0;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return 0;
		if (x < QK_UINT_CAP)
			x = x * 10 + (*s - '0');
	}
	*v = x < QK_UINT_CAP ? x : QK_UINT_CAP;
	return 1;
}

long qk_value_days(const char *s)
{
	long v;

	if (!qk_value_uint(s, &v))
		return -1;
	return v < QK_DAYS_CAP ? v : QK_DAYS_CAP;
}

int qk_value_is_code(const char *s, size_t n)
{
	static const char code_chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789_-";
	size_t i;

	if (n == 0)
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] == '\0' || strchr(code_chars, s[i]) == NULL)
			return 0;
	return 1;
}
