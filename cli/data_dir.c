/* Where capisim finds its own files (cli.h): nothing of the source or build
 * tree is compiled in, so an installed capisim works wherever the prefix
 * is (a DESTDIR, a moved prefix) and whether the source tree is there or
 * not. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

#ifndef CAPISIM_DATADIR_FROM_BINDIR
#define CAPISIM_DATADIR_FROM_BINDIR "../share/capisim"
#endif
#ifndef CAPISIM_LIBEXECDIR_FROM_BINDIR
#define CAPISIM_LIBEXECDIR_FROM_BINDIR "../libexec/capisim"
#endif

static bool is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The folder of the running program (/proc/self/exe); "" when unknown. */
static const char *exe_dir(void)
{
	static char dir[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", dir, sizeof dir - 1);
	if (n <= 0)
		return "";
	dir[n] = '\0';
	char *slash = strrchr(dir, '/');
	if (slash)
		*slash = '\0';
	return dir;
}

/* A build tree's capisim finds "capisim-uninstalled" beside it (meson
 * writes it there and never installs it): KEY=PATH lines. */
static bool uninstalled(const char *key, char *out, size_t cap)
{
	char path[PATH_MAX + 32];
	snprintf(path, sizeof path, "%s/capisim-uninstalled", exe_dir());
	FILE *f = fopen(path, "r");
	if (!f)
		return false;
	char line[PATH_MAX + 32];
	bool found = false;
	size_t kl = strlen(key);
	while (!found && fgets(line, sizeof line, f)) {
		line[strcspn(line, "\n")] = '\0';
		if (strncmp(line, key, kl) == 0 && line[kl] == '=') {
			snprintf(out, cap, "%s", line + kl + 1);
			found = true;
		}
	}
	fclose(f);
	return found;
}

const char *cli_data_dir(void)
{
	static char dir[PATH_MAX];
	const char *env = getenv("CAPISIM_DATA_DIR");
	if (env && *env)
		return env;
	snprintf(dir, sizeof dir, "%.3800s/%s", exe_dir(),
	         CAPISIM_DATADIR_FROM_BINDIR);
	char probe[PATH_MAX + 16];
	snprintf(probe, sizeof probe, "%s/fixtures", dir);
	if (is_dir(probe))
		return dir;
	if (uninstalled("srcdir", dir, sizeof dir))
		return dir;
	return NULL;
}

const char *cli_data_path(const char *rel, char *buf, size_t cap)
{
	const char *d = cli_data_dir();
	if (!d)
		return NULL;
	snprintf(buf, cap, "%s/%s", d, rel);
	return buf;
}

const char *cli_probe_path(char *buf, size_t cap)
{
	char b[PATH_MAX];
	if (uninstalled("builddir", b, sizeof b)) {
		snprintf(buf, cap, "%s/compare/probe/capisim-probe.exe", b);
		return buf;
	}
	snprintf(buf, cap, "%s/%s/capisim-probe.exe", exe_dir(),
	         CAPISIM_LIBEXECDIR_FROM_BINDIR);
	return buf;
}

const char *cli_wineprefix_path(char *buf, size_t cap)
{
	char b[PATH_MAX];
	if (uninstalled("builddir", b, sizeof b)) {
		snprintf(buf, cap, "%s/compare/wineprefix", b);
		return buf;
	}
	/* Installed: the user's cache (XDG base directories). */
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	if (xdg && *xdg)
		snprintf(buf, cap, "%s/capisim/wineprefix", xdg);
	else if (home && *home)
		snprintf(buf, cap, "%s/.cache/capisim/wineprefix", home);
	else
		return NULL;
	/* The runner makes the prefix itself, not its parents. */
	char parent[PATH_MAX];
	snprintf(parent, sizeof parent, "%s", buf);
	for (char *s = parent + 1; *s; s++)
		if (*s == '/') {
			*s = '\0';
			mkdir(parent, 0755);
			*s = '/';
		}
	return buf;
}
