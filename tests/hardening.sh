#!/bin/sh
# The shipped binaries have full RELRO: a GNU_RELRO segment and BIND_NOW,
# so their GOT is read-only once the program starts (Makefile's
# HARDEN_LDFLAGS); with --pie, they are position-independent executables
# too.  Skipped without readelf.
# usage: tests/hardening.sh [--pie] BINARY...
command -v readelf >/dev/null 2>&1 || { echo "ok - skipped: no readelf"; exit 0; }
pie=0
[ "$1" = --pie ] && { pie=1; shift; }
pass=0 fail=0
for bin in "$@"; do
	if ! readelf -lW "$bin" | grep -q GNU_RELRO ||
		! readelf -dW "$bin" | grep -Eq '\(FLAGS\).*BIND_NOW|\(FLAGS_1\).*NOW'; then
		echo "not ok - $bin is linked without full RELRO (-z relro -z now)"
		fail=$((fail + 1))
	elif [ $pie = 1 ] && ! readelf -dW "$bin" | grep -Eq '\(FLAGS_1\).*PIE'; then
		echo "not ok - $bin is not a position-independent executable"
		fail=$((fail + 1))
	else
		pass=$((pass + 1))
	fi
done
[ "$fail" -eq 0 ] && echo "ok - $pass binaries with full RELRO$([ $pie = 1 ] && echo ', PIE')"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
