#!/bin/sh
# The shipped binaries have full RELRO: a GNU_RELRO segment and BIND_NOW,
# so their GOT is read-only once the program starts (Makefile's
# HARDEN_LDFLAGS); with --pie, they are position-independent executables
# too.  With --canaries their functions check a stack canary
# (__stack_chk_fail), with --fortified they call glibc's checked functions
# (__*_chk: HARDEN_CFLAGS, FORTIFY).  With --dlopen SONAME they load PCRE2
# on first use (lib/util/re.c): no DT_NEEDED entry names it, and a
# .note.dlopen tells a package manager that SONAME is needed all the same.
# Skipped without readelf.
# usage: tests/hardening.sh [--pie] [--canaries] [--fortified] [--dlopen SONAME] BINARY...
command -v readelf >/dev/null 2>&1 || { echo "ok - skipped: no readelf"; exit 0; }
pie=0 canaries=0 fortified=0 soname=
while :; do
	case $1 in
	--pie) pie=1; shift ;;
	--canaries) canaries=1; shift ;;
	--fortified) fortified=1; shift ;;
	--dlopen) soname=$2; shift 2 ;;
	*) break ;;
	esac
done
pass=0 fail=0
for bin in "$@"; do
	if [ $canaries = 1 ] && ! readelf --dyn-syms -W "$bin" | grep -q ' __stack_chk_fail'; then
		echo "not ok - $bin checks no stack canary (-fstack-protector-strong)"
		fail=$((fail + 1))
	elif [ $fortified = 1 ] && ! readelf --dyn-syms -W "$bin" | grep -Eq ' __[a-z_]+_chk(@| |$)'; then
		echo "not ok - $bin calls none of glibc's checked functions (-D_FORTIFY_SOURCE=2)"
		fail=$((fail + 1))
	elif ! readelf -lW "$bin" | grep -q GNU_RELRO ||
		! readelf -dW "$bin" | grep -Eq '\(FLAGS\).*BIND_NOW|\(FLAGS_1\).*NOW'; then
		echo "not ok - $bin is linked without full RELRO (-z relro -z now)"
		fail=$((fail + 1))
	elif [ $pie = 1 ] && ! readelf -dW "$bin" | grep -Eq '\(FLAGS_1\).*PIE'; then
		echo "not ok - $bin is not a position-independent executable"
		fail=$((fail + 1))
	elif [ -n "$soname" ] && readelf -dW "$bin" | grep -q 'NEEDED.*pcre2'; then
		echo "not ok - $bin names PCRE2 in DT_NEEDED: it is loaded at start-up"
		fail=$((fail + 1))
	elif [ -n "$soname" ] &&
		! readelf -p .note.dlopen "$bin" 2>/dev/null | grep -qF "\"soname\":[\"$soname\"]"; then
		echo "not ok - $bin has no .note.dlopen naming $soname"
		fail=$((fail + 1))
	else
		pass=$((pass + 1))
	fi
done
[ "$fail" -eq 0 ] && echo "ok - $pass binaries with full RELRO$([ $pie = 1 ] && echo ', PIE')$([ $canaries = 1 ] && echo ', stack canaries')$([ $fortified = 1 ] && echo ', fortified')$([ -n "$soname" ] && echo ", $soname loaded on first use")"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
