// The public headers from C++: every one included (extern "C" keeps the
// names unmangled), the library linked, and a scenario played through the
// run API. A C++ program that links is the test; each check prints why it
// failed. TAP.
#include <capisim/capisim.h>
#include <capisim/asn1time.h>

#include <cstdio>
#include <cstring>

static int failed = 0, n = 0;

static void check(bool ok, const char *what)
{
	n++;
	std::printf("%s %d - %s\n", ok ? "ok" : "not ok", n, what);
	if (!ok)
		failed++;
}

int main(int argc, char **argv)
{
	std::printf("1..4\n");
	cs_filetime t = 0;
	// 2010-07-09T00:00:00Z = (1278633600 + 11644473600) * 10^7 ticks
	check(cs_time_parse("2010-07-09T00:00:00Z", &t, nullptr, nullptr) ==
	              CS_OK &&
	          t == 129231072000000000LL,
	      "cs_time_parse from C++");
	char buf[CS_TIME_BUF];
	check(std::strcmp(cs_time_format(t, buf), "2010-07-09T00:00:00Z") == 0,
	      "cs_time_format from C++");
	check(cs_status_str(CS_ERR_SYNTAX)[0] != '\0',
	      "cs_status_str from C++");
	// A scenario with one expect that holds: the base policy on a lone
	// leaf without its issuer is CERT_E_CHAINING 0x800B010A (RULES.md 2).
	const char *fixtures = argc > 1 ? argv[1] : ".";
	cs_diag d;
	capisim_run *r = nullptr;
	cs_status st = capisim_run_string(
	    "cpp.scn",
	    "start 2025-01-01T00:00:00Z\n"
	    "verify basic/leaf.crt revocation=none expect error=0x800B010A\n",
	    fixtures, nullptr, &r, &d);
	if (st != CS_OK)
		cs_diag_print(stdout, &d);
	check(st == CS_OK && capisim_run_failures(r) == 0 &&
	          capisim_run_expectations(r) == 1,
	      "capisim_run_string plays a scenario from C++");
	capisim_run_free(r);
	return failed ? 1 : 0;
}
