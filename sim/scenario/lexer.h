/* Splitting one scenario line into words.
 *
 * Words are separated by spaces or tabs. A word may be quoted with double
 * quotes to hold spaces ("user alice" is not needed - user:alice is - but
 * `title` texts and registry data may need them); inside quotes \" is a
 * quote and \\ a backslash; elsewhere a backslash is an ordinary character
 * (registry paths are full of them). `#` at the start of a word begins a
 * comment that runs to the end of the line. */
#ifndef CAPISIM_SIM_SCENARIO_LEXER_H
#define CAPISIM_SIM_SCENARIO_LEXER_H

#include <stddef.h>

#include "capisim/status.h"

typedef struct {
	const char *text; /* NUL-terminated, points into the lexer's buffer */
	unsigned col;     /* 1-based byte column */
} cs_lex_word;

typedef struct {
	char buf[4096 + 64]; /* unquoted words, NUL-separated */
	cs_lex_word words[64];
	size_t n;
	size_t comment_col; /* 1-based column of '#', 0 = no comment */
} cs_lex_line;

/* Split line[0..len). On error (unterminated quote, too many words, line
 * too long) *err_col is the 1-based column and *why says what was expected.
 */
CS_MUST_USE cs_status cs_lex(const char *line, size_t len, cs_lex_line *out,
                             unsigned *err_col, const char **why);

#endif
