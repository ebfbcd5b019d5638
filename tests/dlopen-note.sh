#!/bin/sh
# PCRE2 is loaded on first use (lib/util/re.c): no binary names it in a
# DT_NEEDED entry, and each carries the .note.dlopen that tells a package
# manager it needs SONAME all the same.  Skipped without readelf.
# usage: tests/dlopen-note.sh SONAME BINARY...
command -v readelf >/dev/null 2>&1 || { echo "ok - skipped: no readelf"; exit 0; }
soname=$1
shift
pass=0 fail=0
for bin in "$@"; do
	if readelf -dW "$bin" | grep -q 'NEEDED.*pcre2'; then
		echo "not ok - $bin names PCRE2 in DT_NEEDED: it is loaded at start-up"
		fail=$((fail + 1))
	elif ! readelf -p .note.dlopen "$bin" 2>/dev/null | grep -qF "\"soname\":[\"$soname\"]"; then
		echo "not ok - $bin has no .note.dlopen naming $soname"
		fail=$((fail + 1))
	else
		pass=$((pass + 1))
	fi
done
[ "$fail" -eq 0 ] && echo "ok - $pass binaries load $soname on first use"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
