/* Man pages made from the help texts (cli.h): `capisim help --roff [CMD]`
 * prints capisim.1 or capisim-CMD.1, which meson builds and installs. The
 * help text stays the one source: the page shows it as written, in a
 * no-fill block, under the usual NAME / SYNOPSIS / DESCRIPTION heads. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capisim/version.h"
#include "cli.h"

/* One line of text for roff: backslashes doubled (\e), and a line that
 * starts with '.' or '\'' protected with \&. */
static void roff_line(FILE *out, const char *s, size_t n)
{
	if (n && (s[0] == '.' || s[0] == '\''))
		fputs("\\&", out);
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\\')
			fputs("\\e", out);
		else if (s[i] == '-')
			fputs("\\-", out);
		else
			fputc(s[i], out);
	}
	fputc('\n', out);
}

static void roff_block(FILE *out, const char *text)
{
	fputs(".nf\n", out);
	for (const char *s = text; *s;) {
		size_t n = strcspn(s, "\n");
		roff_line(out, s, n);
		s += n + (s[n] == '\n');
	}
	fputs(".fi\n", out);
}

static void upper(char *dst, size_t cap, const char *src)
{
	size_t i = 0;
	for (; src[i] && i + 1 < cap; i++)
		dst[i] = (src[i] >= 'a' && src[i] <= 'z') ? (char)(src[i] - 32)
		                                          : src[i];
	dst[i] = '\0';
}

int cli_write_man(FILE *out, const char *cmd, const char *main_help)
{
	const cli_command *c = cmd ? cli_find_command(cmd) : NULL;
	if (cmd && !c) {
		fprintf(stderr, "capisim help: error: unknown command '%s'\n",
		        cmd);
		return CLI_EXIT_USAGE;
	}
	char title[64];
	upper(title, sizeof title, c ? c->name : "");
	fprintf(out, ".TH \"CAPISIM%s%s\" 1 \"\" \"capisim %s\" \"capisim\"\n",
	        c ? "-" : "", title, CAPISIM_VERSION);
	fputs(".SH NAME\n", out);
	if (c)
		fprintf(out, "capisim\\-%s \\- ", c->name);
	else
		fputs("capisim \\- ", out);
	roff_line(out,
	          c ? c->summary
	            : "a deterministic simulator of the Windows CryptoAPI "
	              "chain engine",
	          strlen(c ? c->summary
	                   : "a deterministic simulator of the Windows "
	                     "CryptoAPI chain engine"));
	fputs(".SH DESCRIPTION\n", out);
	roff_block(out, c ? c->usage : main_help);
	fputs(".SH SEE ALSO\n", out);
	if (c) {
		fputs(".BR capisim (1)\n", out);
	} else {
		for (unsigned i = 0; i < cli_command_count; i++)
			fprintf(out, ".BR capisim\\-%s (1)%s\n",
			        cli_commands[i].name,
			        i + 1 < cli_command_count ? "," : "");
	}
	fputs(".PP\nThe project's documentation: README.md and docs/ in the "
	      "source tree.\n",
	      out);
	return ferror(out) ? CLI_EXIT_INTERNAL : CLI_EXIT_OK;
}
