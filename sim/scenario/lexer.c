#include "sim/scenario/lexer.h"

#include <string.h>

#include "sim/scenario/scenario.h"

_Static_assert(sizeof(((cs_lex_line *)0)->buf) > CS_SCENARIO_LINE_MAX,
               "lexer buffer holds a whole line");
_Static_assert(sizeof(((cs_lex_line *)0)->words) /
                       sizeof(((cs_lex_line *)0)->words[0]) ==
                   CS_SCENARIO_TOKENS_MAX,
               "lexer word table matches the documented limit");

static int is_space(char c)
{
	return c == ' ' || c == '\t';
}

cs_status cs_lex(const char *line, size_t len, cs_lex_line *out,
                 unsigned *err_col, const char **why)
{
	out->n = 0;
	out->comment_col = 0;
	if (len > CS_SCENARIO_LINE_MAX) {
		*err_col = CS_SCENARIO_LINE_MAX + 1;
		*why = "a line of at most 4096 bytes";
		return CS_ERR_LIMIT;
	}
	size_t w = 0; /* write position in buf */
	size_t i = 0;
	while (i < len) {
		while (i < len && is_space(line[i]))
			i++;
		if (i >= len)
			break;
		if (line[i] == '#') {
			out->comment_col = i + 1;
			break;
		}
		if (out->n == CS_SCENARIO_TOKENS_MAX) {
			*err_col = (unsigned)i + 1;
			*why = "at most 64 words on a line";
			return CS_ERR_LIMIT;
		}
		cs_lex_word *word = &out->words[out->n++];
		word->col = (unsigned)i + 1;
		word->text = &out->buf[w];
		/* A word is runs of plain and quoted text up to a space. */
		while (i < len && !is_space(line[i])) {
			if (line[i] != '"') {
				out->buf[w++] = line[i++];
				continue;
			}
			size_t open = i++;
			for (;;) {
				if (i >= len) {
					*err_col = (unsigned)open + 1;
					*why = "a closing '\"' for this quote";
					return CS_ERR_SYNTAX;
				}
				if (line[i] == '"') {
					i++;
					break;
				}
				if (line[i] == '\\' && i + 1 < len &&
				    (line[i + 1] == '"' || line[i + 1] == '\\'))
					i++;
				out->buf[w++] = line[i++];
			}
		}
		out->buf[w++] = '\0';
	}
	return CS_OK;
}
