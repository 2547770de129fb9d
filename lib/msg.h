#ifndef QK_MSG_H
#define QK_MSG_H

/*
 * Messages on standard error, in the one shape of tools.md:
 * "PROG: FILE:LINE:COL: message", "PROG: FILE:LINE: message" or
 * "PROG: message".  Only cmd/ calls these; lib/ returns errors.
 */
void qk_msg_init(const char *argv0);
const char *qk_prog(void);
/* -q: silence warnings (errors are never silenced). */
void qk_msg_quiet(int quiet);

/* file may be NULL (no place); line and col 0 when unknown. */
void qk_warn_at(const char *file, long line, long col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void qk_error_at(const char *file, long line, long col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void qk_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void qk_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* An error, then exit with status. */
void qk_die(int status, const char *fmt, ...)
    __attribute__((noreturn, format(printf, 2, 3)));
/* A plain line "PROG: text" that -q does not silence (-v summaries). */
void qk_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
