/* The Wine runner (runner.h). */
#define _XOPEN_SOURCE 700 /* nftw */
#include "compare/wine/runner.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <glob.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "compare/wine/httpd.h"
#include "pki/file_read.h"

static const char *faketime_candidates[] = {
    "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1", /* Debian 12 */
    "/usr/lib/faketime/libfaketime.so.1",
    "/usr/local/lib/faketime/libfaketime.so.1",
};

static bool is_file(const char *p)
{
	struct stat st;
	return p && *p && stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

static bool file_is_empty(const char *p)
{
	struct stat st;
	return stat(p, &st) != 0 || st.st_size == 0;
}

/* An executable named `name` on PATH, written into the caller's buf (each
 * finder keeps its own: a shared buffer let the server's lookup overwrite
 * the loader's path). */
static const char *on_path(const char *name, char buf[PATH_MAX])
{
	const char *path = getenv("PATH");
	while (path && *path) {
		size_t n = strcspn(path, ":");
		if (n &&
		    snprintf(buf, PATH_MAX, "%.*s/%s", (int)n, path, name) <
		        PATH_MAX &&
		    access(buf, X_OK) == 0)
			return buf;
		path += n + (path[n] == ':');
	}
	return NULL;
}

const char *wine_find(const wine_run_opts *o)
{
	if (o->wine)
		return access(o->wine, X_OK) == 0 ? o->wine : NULL;
	const char *env = getenv("CAPISIM_WINE");
	if (env && *env)
		return access(env, X_OK) == 0 ? env : NULL;
	static char buf[PATH_MAX];
	const char *p = on_path("wine64", buf);
	if (!p && access("/usr/lib/wine/wine64", X_OK) == 0)
		p = "/usr/lib/wine/wine64"; /* Debian 12 keeps it off PATH */
	return p ? p : on_path("wine", buf);
}

/* Where distributions keep wineserver off PATH: Debian 12's wine64 package
 * (its /usr/lib/wine/wineserver is a script that runs wineserver64), the
 * multiarch layout of later Debian and Ubuntu packages, and Fedora's. */
static const char *wineserver_candidates[] = {
    "/usr/lib/wine/wineserver",   "/usr/lib/x86_64-linux-gnu/wine/wineserver",
    "/usr/lib/wine/wineserver64", "/usr/lib/x86_64-linux-gnu/wine/wineserver64",
    "/usr/lib64/wine/wineserver",
};

const char *wine_find_server(const char *wine)
{
	static char buf[PATH_MAX];
	const char *env = getenv("WINESERVER"); /* Wine's loader reads it too */
	if (env && *env)
		return access(env, X_OK) == 0 ? env : NULL;
	/* The server must speak the loader's protocol version: the one
	 * installed next to the loader comes first. */
	const char *slash = wine ? strrchr(wine, '/') : NULL;
	if (slash &&
	    snprintf(buf, sizeof buf, "%.*s/wineserver", (int)(slash - wine),
	             wine) < (int)sizeof buf &&
	    access(buf, X_OK) == 0)
		return buf;
	const char *p = on_path("wineserver", buf);
	if (p)
		return p;
	for (size_t i = 0;
	     i < sizeof wineserver_candidates / sizeof *wineserver_candidates;
	     i++)
		if (access(wineserver_candidates[i], X_OK) == 0)
			return wineserver_candidates[i];
	return NULL;
}

const char *wine_find_probe(const wine_run_opts *o)
{
	const char *env = getenv("CAPISIM_PROBE");
	const char *p = o->probe      ? o->probe
	                : env && *env ? env
	                              : o->default_probe;
	return is_file(p) ? p : NULL;
}

static const char *find_faketime(const wine_run_opts *o)
{
	const char *env = getenv("CAPISIM_LIBFAKETIME");
	if (o->faketime || (env && *env))
		return is_file(o->faketime ? o->faketime : env)
		           ? (o->faketime ? o->faketime : env)
		           : NULL;
	for (size_t i = 0;
	     i < sizeof faketime_candidates / sizeof *faketime_candidates; i++)
		if (is_file(faketime_candidates[i]))
			return faketime_candidates[i];
	return NULL;
}

char *wine_path(const char *host_path)
{
	size_t n = strlen(host_path);
	char *w = malloc(n + 3);
	if (!w)
		return NULL;
	w[0] = 'Z';
	w[1] = ':';
	for (size_t i = 0; i <= n; i++)
		w[i + 2] = host_path[i] == '/' ? '\\' : host_path[i];
	return w;
}

/* A log or trace the probe wrote, or NULL when it cannot be read (the
 * caller says what was missing). */
static char *read_all(const char *path)
{
	static const cs_file_limits lim = {.max = 256u << 20,
	                                   .too_big = "larger than 256 MiB"};
	char *data;
	size_t len;
	cs_diag ignored;
	return cs_file_read(path, &lim, &data, &len, &ignored) == CS_OK ? data
	                                                                : NULL;
}

/* Copy the plan into the work directory with its file paths made Windows
 * paths (relative ones resolved against the plan's folder) and the clock
 * line pointing at the runner's timestamp file. */
static cs_status write_work_plan(const char *plan_path, const char *out_path,
                                 const char *clock_path, cs_diag *d)
{
	FILE *in = fopen(plan_path, "r");
	if (!in)
		return cs_diag_set(d, plan_path, 0, 0, "cannot open: %s",
		                   strerror(errno)),
		       CS_ERR_IO;
	FILE *out = fopen(out_path, "w");
	if (!out) {
		fclose(in);
		return cs_diag_set(d, out_path, 0, 0, "cannot create: %s",
		                   strerror(errno)),
		       CS_ERR_IO;
	}
	char dir[PATH_MAX];
	if (!realpath(plan_path, dir))
		snprintf(dir, sizeof dir, "%s", plan_path);
	char *slash = strrchr(dir, '/');
	if (slash)
		*slash = 0;
	static const char *path_kw[] = {"root ",       "ca ",    "crl ",
	                                "disallowed ", "cert ",  "ctl ",
	                                "purposes ",   "object "};
	char line[4096];
	while (fgets(line, sizeof line, in)) {
		line[strcspn(line, "\r\n")] = 0;
		size_t kw = 0;
		for (size_t i = 0; i < sizeof path_kw / sizeof *path_kw; i++)
			if (strncmp(line, path_kw[i], strlen(path_kw[i])) == 0)
				kw = strlen(path_kw[i]);
		if (!kw || strncmp(line, "clock ", 6) == 0) {
			if (strncmp(line, "clock ", 6) != 0)
				fprintf(out, "%s\n", line);
			continue;
		}
		char *path = line + kw;
		if (strncmp(line, "cert ", 5) == 0 ||
		    strncmp(line, "ctl ", 4) == 0 ||
		    strncmp(line, "purposes ", 9) == 0 ||
		    strncmp(line, "object ", 7) == 0) {
			/* cert|ctl NAME PATH, purposes LIST PATH, object NAME
			 * KIND PATH */
			for (int w = strncmp(line, "object ", 7) == 0 ? 2 : 1;
			     w > 0; w--) {
				path += strspn(path, " \t");
				path += strcspn(path, " \t");
				path += strspn(path, " \t");
			}
		}
		char host[PATH_MAX * 2];
		if (path[0] == '/')
			snprintf(host, sizeof host, "%s", path);
		else if (path[0] && path[1] == ':')
			host[0] = 0; /* already a Windows path */
		else
			snprintf(host, sizeof host, "%s/%s", dir, path);
		if (!host[0]) {
			fprintf(out, "%s\n", line);
			continue;
		}
		char *w = wine_path(host);
		fprintf(out, "%.*s%s\n", (int)(path - line), line,
		        w ? w : host);
		free(w);
	}
	char *wclock = wine_path(clock_path);
	fprintf(out, "clock %s\n", wclock ? wclock : clock_path);
	free(wclock);
	fclose(in);
	bool ok = !ferror(out);
	if (fclose(out) != 0 || !ok)
		return cs_diag_set(d, out_path, 0, 0, "write failed"),
		       CS_ERR_IO;
	return CS_OK;
}

static void write_clock(const char *path, time_t t)
{
	struct tm tm;
	gmtime_r(&t, &tm);
	FILE *f = fopen(path, "w");
	if (f) {
		fprintf(f, "%04d-%02d-%02d %02d:%02d:%02d\n", tm.tm_year + 1900,
		        tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
		        tm.tm_sec);
		fclose(f);
	}
}

static int remove_entry(const char *path, const struct stat *st, int flag,
                        struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path) == 0 || errno == ENOENT ? 0 : -1;
}

/* Every run starts with empty URL caches, as the model's machine does:
 * Wine 8's cryptnet keeps downloads where Windows does (CryptnetUrlCache
 * under LocalLow) and wininet's INetCache; both persist in the prefix. */
static void clear_url_caches(const char *prefix)
{
	static const char *dirs[] = {
	    "AppData/LocalLow/Microsoft/CryptnetUrlCache",
	    "AppData/Local/Microsoft/Windows/INetCache"};
	for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++) {
		char pattern[PATH_MAX + 128];
		snprintf(pattern, sizeof pattern, "%s/drive_c/users/*/%s",
		         prefix, dirs[i]);
		glob_t g;
		if (glob(pattern, GLOB_NOSORT, NULL, &g) != 0)
			continue;
		for (size_t k = 0; k < g.gl_pathc; k++)
			nftw(g.gl_pathv[k], remove_entry, 16,
			     FTW_DEPTH | FTW_PHYS);
		globfree(&g);
	}
}

/* libfaketime (0.9.10) gives every process it starts in without
 * FAKETIME_SHARED a semaphore and a shared-memory object named after its
 * PID, /dev/shm/sem.faketime_sem_PID and /dev/shm/faketime_shm_PID, and
 * removes them in its destructor. Wine's first process execs the next
 * stage (preloader, then the Windows binary), so the destructor of the
 * image that made them never runs and both stay behind, one pair per
 * probe run (its README: "delete /dev/shm/faketime_shm_* ... manually").
 * Remove the pair named after our own child while it is a zombie: its PID
 * cannot be reused yet. A pair of that name made before the child started
 * is a stale one of an earlier process with the same PID (libfaketime then
 * makes none): never ours to remove. */
static void remove_faketime_pair(pid_t pid, const struct timespec *started)
{
	static const char *const fmt[] = {"/dev/shm/faketime_shm_%ld",
	                                  "/dev/shm/sem.faketime_sem_%ld"};
	for (size_t i = 0; i < 2; i++) {
		char name[64];
		struct stat sb;
		snprintf(name, sizeof name, fmt[i], (long)pid);
		if (lstat(name, &sb) != 0 || !S_ISREG(sb.st_mode))
			continue;
		if (sb.st_ctim.tv_sec > started->tv_sec ||
		    (sb.st_ctim.tv_sec == started->tv_sec &&
		     sb.st_ctim.tv_nsec >= started->tv_nsec))
			unlink(name);
	}
}

/* Wait for the child to end without reaping it (WNOWAIT), clean up after
 * it, then reap. Returns the waitpid status, or -1 with nohang and the
 * child still running. */
static int reap(pid_t pid, const struct timespec *started, bool nohang)
{
	siginfo_t si;
	memset(&si, 0, sizeof si);
	if (waitid(P_PID, (id_t)pid, &si,
	           WEXITED | WNOWAIT | (nohang ? WNOHANG : 0)) != 0 ||
	    si.si_pid != pid)
		return -1;
	remove_faketime_pair(pid, started);
	int status = 0;
	waitpid(pid, &status, 0);
	return status;
}

/* Run argv with the given extra environment; stdout+stderr to log_path.
 * Returns the exit status, -1 on timeout, -2 when it could not start. */
static int run_child(char *const argv[], char *const env[],
                     const char *log_path, unsigned timeout_s)
{
	fflush(NULL);
	struct timespec started;
	clock_gettime(CLOCK_REALTIME, &started);
	pid_t pid = fork();
	if (pid < 0)
		return -2;
	if (pid == 0) {
		setpgid(0, 0);
		int fd = open(log_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
			close(fd);
		}
		int nul = open("/dev/null", O_RDONLY);
		if (nul >= 0)
			dup2(nul, 0);
		for (size_t i = 0; env[i]; i++)
			putenv(env[i]);
		unsetenv("DISPLAY"); /* headless: no window may open */
		execv(argv[0], argv);
		_exit(127);
	}
	struct timespec nap = {0, 20 * 1000 * 1000};
	for (unsigned long waited = 0; waited < timeout_s * 50ul; waited++) {
		int status = reap(pid, &started, true);
		if (status != -1)
			return WIFEXITED(status) ? WEXITSTATUS(status)
			                         : 128 + WTERMSIG(status);
		nanosleep(&nap, NULL);
	}
	kill(-pid, SIGKILL);
	reap(pid, &started, false);
	return -1;
}

static void tail_into(cs_diag *d, const char *what, const char *log_path)
{
	char *log = read_all(log_path);
	size_t n = log ? strlen(log) : 0;
	const char *tail = log ? log + (n > 300 ? n - 300 : 0) : "";
	char msg[CS_DIAG_MSG];
	snprintf(msg, sizeof msg, "%s; output ends: %s", what, tail);
	snprintf(d->msg, sizeof d->msg, "%s", msg);
	free(log);
}

cs_status wine_run_plan(const wine_run_opts *o, const char *plan_path,
                        char **trace, cs_diag *d)
{
	*trace = NULL;
	const char *wine = wine_find(o), *probe = wine_find_probe(o),
	           *ft = find_faketime(o);
	if (!wine || !probe || !ft)
		return cs_diag_set(d, NULL, 0, 0, "%s not found (%s)",
		                   !wine    ? "Wine"
		                   : !probe ? "the probe (capisim-probe.exe)"
		                            : "libfaketime",
		                   !wine ? "install wine64 or set CAPISIM_WINE"
		                   : !probe
		                       ? "build with -Dwine_compare=enabled or "
		                         "set CAPISIM_PROBE"
		                       : "install libfaketime or set "
		                         "CAPISIM_LIBFAKETIME"),
		       CS_ERR_NOT_FOUND;
	const char *env_prefix = getenv("CAPISIM_WINEPREFIX");
	const char *prefix_arg = o->prefix                   ? o->prefix
	                         : env_prefix && *env_prefix ? env_prefix
	                         : o->default_prefix         ? o->default_prefix
	                                             : "capisim-wineprefix";
	char prefix[PATH_MAX], lock_path[PATH_MAX + 8],
	    clock_path[PATH_MAX + 8];
	if (mkdir(prefix_arg, 0755) != 0 && errno != EEXIST)
		return cs_diag_set(d, prefix_arg, 0, 0, "cannot create: %s",
		                   strerror(errno)),
		       CS_ERR_IO;
	if (!realpath(prefix_arg, prefix))
		return cs_diag_set(d, prefix_arg, 0, 0, "%s", strerror(errno)),
		       CS_ERR_IO;
	snprintf(lock_path, sizeof lock_path, "%s.lock", prefix);
	snprintf(clock_path, sizeof clock_path, "%s.clock", prefix);

	/* One run per prefix at a time: the clock file and wineserver are
	 * shared. */
	int lock = open(lock_path, O_RDWR | O_CREAT, 0644);
	if (lock < 0 || flock(lock, LOCK_EX) != 0)
		return cs_diag_set(d, lock_path, 0, 0, "cannot lock: %s",
		                   strerror(errno)),
		       CS_ERR_IO;

	cs_status st = CS_OK;
	char work[] = "/tmp/capisim-wine-XXXXXX";
	char wplan[64], wtrace[64], wlog[64], wfetch[64];
	httpd server = {-1, 0};
	httpd_rules rules = {0};
	bool have_work = mkdtemp(work) != NULL;
	if (!have_work) {
		st = CS_ERR_IO;
		cs_diag_set(d, NULL, 0, 0, "mkdtemp: %s", strerror(errno));
		goto out;
	}
	snprintf(wplan, sizeof wplan, "%s/plan.txt", work);
	snprintf(wtrace, sizeof wtrace, "%s/trace.jsonl", work);
	snprintf(wlog, sizeof wlog, "%s/wine.log", work);
	snprintf(wfetch, sizeof wfetch, "%s/fetch.jsonl", work);
	write_clock(clock_path, time(NULL));
	if ((st = write_work_plan(plan_path, wplan, clock_path, d)) != CS_OK ||
	    (st = httpd_rules_load(&rules, plan_path, d)) != CS_OK ||
	    (st = httpd_start(&server, &rules, clock_path,
	                      o->fetch_log ? o->fetch_log : wfetch, d)) !=
	        CS_OK)
		goto out;

	char e_prefix[PATH_MAX + 16], e_preload[PATH_MAX + 16],
	    e_file[PATH_MAX + 32], e_proxy[64];
	snprintf(e_prefix, sizeof e_prefix, "WINEPREFIX=%s", prefix);
	snprintf(e_preload, sizeof e_preload, "LD_PRELOAD=%s", ft);
	snprintf(e_file, sizeof e_file, "FAKETIME_TIMESTAMP_FILE=%s",
	         clock_path);
	snprintf(e_proxy, sizeof e_proxy, "http_proxy=http://127.0.0.1:%d/",
	         server.port);
	/* $CAPISIM_WINEDEBUG (e.g. "trace+cryptnet") turns Wine's debug
	 * channels on; $CAPISIM_WINE_LOG keeps the probe's stderr there. */
	char e_debug[256] = "WINEDEBUG=-all";
	const char *dbg = getenv("CAPISIM_WINEDEBUG");
	if (dbg && *dbg)
		snprintf(e_debug, sizeof e_debug, "WINEDEBUG=%s", dbg);
	char e_cache[] = "FAKETIME_NO_CACHE=1",
	     e_mono[] = "FAKETIME_DONT_FAKE_MONOTONIC=1",
	     e_noproxy[] = "no_proxy=",
	     e_dll[] = "WINEDLLOVERRIDES=mscoree,mshtml=";
	char *boot_env[] = {e_prefix, e_debug, e_dll, NULL};
	char *run_env[] = {e_prefix, e_debug, e_dll,   e_preload, e_file,
	                   e_cache,  e_mono,  e_proxy, e_noproxy, NULL};
	unsigned timeout = o->timeout_s ? o->timeout_s : 300;

	char sysreg[PATH_MAX + 16];
	snprintf(sysreg, sizeof sysreg, "%s/system.reg", prefix);
	if (!is_file(sysreg)) {
		/* wineboot returns before the prefix is complete: wineserver
		 * writes the registry files when it exits, so wait for it
		 * (`wineserver -w`), then for system.reg itself, which also
		 * covers a server that could not be found. */
		char *boot[] = {(char *)wine, (char *)"wineboot", (char *)"-i",
		                NULL};
		const char *ws = wine_find_server(wine);
		char wslog[64];
		snprintf(wslog, sizeof wslog, "%s/wineserver.log", work);
		int boot_rc = run_child(boot, boot_env, wlog, timeout);
		if (boot_rc >= 0 && ws) {
			char *wait_ws[] = {(char *)ws, (char *)"-w", NULL};
			run_child(wait_ws, boot_env, wslog, timeout);
		}
		/* After the server has exited the file is there or will never
		 * be; without a server to wait for, poll for the whole time. */
		unsigned long polls = ws ? 100ul : timeout * 10ul;
		struct timespec nap = {0, 100 * 1000 * 1000};
		for (unsigned long waited = 0;
		     boot_rc >= 0 && !is_file(sysreg) && waited < polls;
		     waited++)
			nanosleep(&nap, NULL);
		if (boot_rc < 0 || !is_file(sysreg)) {
			cs_diag_set(d, prefix, 0, 0, " ");
			tail_into(
			    d,
			    boot_rc == -1 ? "creating the WINEPREFIX timed "
			                    "out (wineboot)"
			    : boot_rc < 0 ? "creating the WINEPREFIX "
			                    "failed (wineboot did not start)"
			                  : "creating the WINEPREFIX failed "
			                    "(no system.reg)",
			    wlog);
			st = CS_ERR_IO;
			goto out;
		}
	}
	clear_url_caches(prefix);
	char probe_abs[PATH_MAX];
	if (!realpath(probe, probe_abs))
		snprintf(probe_abs, sizeof probe_abs, "%s", probe);
	char *wprobe = wine_path(probe_abs), *wp = wine_path(wplan),
	     *wt = wine_path(wtrace);
	char *argv[] = {(char *)wine, wprobe, wp, wt, NULL};
	int rc = run_child(argv, run_env, wlog, timeout);
	/* Under load Wine now and then fails to start the process at all: a
	 * non-zero exit with nothing logged. That is no result of the probe,
	 * so it is retried once, from clean caches; any failure with output,
	 * and every result, is taken as it is. */
	if (rc != 0 && rc != -1 && rc != 2 && file_is_empty(wlog)) {
		clear_url_caches(prefix);
		rc = run_child(argv, run_env, wlog, timeout);
	}
	const char *keep_log = getenv("CAPISIM_WINE_LOG");
	if (keep_log && *keep_log) {
		char *log = read_all(wlog);
		FILE *lf = log ? fopen(keep_log, "w") : NULL;
		if (lf) {
			fputs(log, lf);
			fclose(lf);
		}
		free(log);
	}
	free(wprobe);
	free(wp);
	free(wt);
	if (rc ==
	    2) { /* the probe rejected the plan: "...plan.txt:LINE:COL: msg" */
		char *log = read_all(wlog), *wp2 = wine_path(wplan);
		char *at = log && wp2 ? strstr(log, wp2) : NULL;
		unsigned line = 0, col = 0;
		int used = 0;
		if (at &&
		    sscanf(at + strlen(wp2), ":%u:%u: %n", &line, &col,
		           &used) == 2 &&
		    used) {
			char *msg = at + strlen(wp2) + used;
			msg[strcspn(msg, "\r\n")] = 0;
			cs_diag_set(d, plan_path, line, col, "%s", msg);
			free(log);
			free(wp2);
			st = CS_ERR_SYNTAX;
			goto out;
		}
		free(log);
		free(wp2);
	}
	if (rc != 0) {
		cs_diag_set(d, plan_path, 0, 0, " ");
		tail_into(d,
		          rc == -1 ? "the probe timed out"
		                   : "the probe failed under Wine",
		          wlog);
		st = rc == 2 ? CS_ERR_SYNTAX : CS_ERR_IO;
		goto out;
	}
	*trace = read_all(wtrace);
	if (!*trace) {
		st = CS_ERR_IO;
		cs_diag_set(d, wtrace, 0, 0, "the probe wrote no trace");
	}
out:
	httpd_stop(&server);
	httpd_rules_free(&rules);
	if (have_work) {
		unlink(wplan);
		unlink(wtrace);
		unlink(wlog);
		unlink(wfetch);
		rmdir(work);
	}
	flock(lock, LOCK_UN);
	close(lock);
	return st;
}
