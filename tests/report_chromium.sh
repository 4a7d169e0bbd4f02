#!/bin/bash
# capisim report in a real browser: Debian's headless Chromium renders the
# page; the screenshot must not be blank (many distinct colours: lanes,
# green and red ticks, cache bars) and the console must show no script
# error. Skipped (exit 77) when chromium is not installed
# (scripts/bootstrap installs it).
# usage: report_chromium.sh CAPISIM SOURCE_ROOT
set -u
capisim=$(realpath "$1")
src=$2
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
	echo "1..0 # SKIP chromium not installed"
	exit 77
fi
. "$(dirname "$0")/tap.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Distinct RGB colours of a PNG (8-bit RGB or RGBA, non-interlaced), with
# python3's zlib and struct only.
count_colours() {
	python3 - "$1" <<'PY'
import struct, sys, zlib
data = open(sys.argv[1], 'rb').read()
assert data[:8] == b'\x89PNG\r\n\x1a\n', 'not a PNG'
pos, idat, w, h, ct = 8, b'', 0, 0, 0
while pos < len(data):
    n, typ = struct.unpack('>I4s', data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if typ == b'IHDR':
        w, h, depth, ct = struct.unpack('>IIBB', body[:10])
        assert depth == 8 and ct in (2, 6), 'unexpected PNG format'
    elif typ == b'IDAT':
        idat += body
    pos += 12 + n
raw = zlib.decompress(idat)
bpp = 3 if ct == 2 else 4
stride = w * bpp
prev = bytearray(stride)
colours = set()
i = 0
for _ in range(h):
    f = raw[i]; i += 1
    line = bytearray(raw[i:i + stride]); i += stride
    for x in range(stride):
        a = line[x - bpp] if x >= bpp else 0
        b = prev[x]
        c = prev[x - bpp] if x >= bpp else 0
        if f == 1: line[x] = (line[x] + a) & 255
        elif f == 2: line[x] = (line[x] + b) & 255
        elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            pr = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
            line[x] = (line[x] + pr) & 255
    for x in range(0, stride, bpp):
        colours.add(bytes(line[x:x + 3]))
    prev = line
print(len(colours))
PY
}

t_screenshot() {
	cd "$src" || return 1
	"$capisim" report -o "$tmp/report.html" tests/fleet/crl-outage.scn || return 1
	(cd "$tmp" && timeout 240 "$browser" --headless --no-sandbox --disable-gpu \
		--disable-quic --no-first-run --disable-background-networking \
		--disable-component-update --disable-sync \
		--user-data-dir="$tmp/profile" --enable-logging=stderr --v=0 \
		--screenshot="$tmp/out.png" --window-size=1400,900 \
		"file://$tmp/report.html" >"$tmp/log" 2>&1)
	[ -s "$tmp/out.png" ] || { echo "no screenshot"; tail -5 "$tmp/log"; return 1; }
	if grep -q "Uncaught" "$tmp/log"; then
		grep "Uncaught" "$tmp/log"
		return 1
	fi
	local n
	n=$(count_colours "$tmp/out.png") || return 1
	# a blank page has 1 colour; text alone a few dozen grey levels; the
	# lanes, ticks and bars add the palette's hues
	[ "$n" -ge 20 ] || { echo "only $n colours: blank page?"; return 1; }
}

tap_add t_screenshot "report renders in headless Chromium, not blank, no JS errors"
tap_run
