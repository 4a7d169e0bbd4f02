/* The table of working subcommands, in the order `capisim --help` lists them.
 */
#include "cli/cli.h"

const cli_command cli_commands[] = {
    {"time", "convert times: ISO 8601 UTC, FILETIME, REG_BINARY, Unix",
     "usage: capisim time [--json] TIME...\n"
     "\n"
     "Convert each TIME between the forms Windows and capisim use. TIME is one "
     "of:\n"
     "  2010-07-09T00:00:00Z      ISO 8601 UTC (also '2010-07-09 00:00:00Z', "
     "'2010-07-09')\n"
     "  ft:129231072000000000     FILETIME, decimal 100 ns ticks since "
     "1601-01-01\n"
     "  ft:0x01CB1EF9AC80C000     FILETIME in hex\n"
     "  bin:00c080acf91ecb01      REG_BINARY bytes as `reg query` prints them "
     "(little endian)\n"
     "  unix:1278633600           seconds since 1970-01-01\n"
     "  TIME+DURATION, TIME-DURATION  e.g. 2010-07-09T00:00:00Z+7d (units w d "
     "h m s ms)\n"
     "\n"
     "Example:\n"
     "  capisim time 2010-07-09T00:00:00Z bin:00c080acf91ecb01\n"
     "\n"
     "Options:\n"
     "  --json   one JSON object per TIME\n"
     "  --help   this text\n",
     cli_cmd_time},
    {"fixtures", "generate, list or show the fixture catalogue",
     "usage: capisim fixtures generate [--keys DIR] [--manifest FILE] DIR\n"
     "       capisim fixtures list [--keys DIR] [--markdown]\n"
     "       capisim fixtures show FILE\n"
     "\n"
     "generate  write every fixture (certificates, CRLs, OCSP responses, "
     "STLs,\n"
     "          CABs) under DIR, byte for byte the same on every run; with\n"
     "          --manifest also their SHA-256 sums (sha256sum format, - = "
     "stdout)\n"
     "list      print every fixture with its purpose and the time to verify "
     "it at\n"
     "          (--markdown: the table of fixtures/README.md)\n"
     "show      print a certificate, CRL, OCSP response, STL or CAB as "
     "text\n"
     "\n"
     "Example:\n"
     "  capisim fixtures generate --manifest fixtures/MANIFEST.sha256 "
     "fixtures/data\n"
     "  capisim fixtures show fixtures/data/basic/leaf.crt\n"
     "\n"
     "Options:\n"
     "  --keys DIR       the committed test keys (default: the source "
     "tree's\n"
     "                   fixtures/keys)\n"
     "  --manifest FILE  also write the manifest (generate)\n"
     "  --markdown       Markdown table (list)\n"
     "  --help           this text\n",
     cli_cmd_fixtures},

};

const unsigned cli_command_count = sizeof cli_commands / sizeof cli_commands[0];
