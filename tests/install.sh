#!/bin/sh
# install.sh - check "make install" and "make uninstall" into a staging
# directory, and that a program builds against the installed library with
# nothing but pkg-config's answers, both shared and static.
#
#   sh tests/install.sh MAKE [PKG_CONFIG]      (from the top of the tree;
#                                               make check-install runs it)
#
# Honours CC (default cc).  Prints one line per check and a final
# "N passed, M failed"; exits 1 when a check failed, 2 on a usage error.
set -u

if [ $# -lt 1 ] || [ $# -gt 2 ] || [ ! -f include/hardconf.h ]; then
	echo "usage: sh tests/install.sh MAKE [PKG_CONFIG]  (from the top of the tree)" >&2
	exit 2
fi
make=$1
pkg_config=${2:-pkg-config}
cc=${CC:-cc}
prefix=/usr/local

tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 2' HUP INT TERM
stage=$tmp/stage
root=$stage$prefix
mkdir "$stage" "$tmp/work" || exit 2

passed=0
failed=0
pass() {
	passed=$((passed + 1))
	echo "ok: $1"
}
fail() {
	failed=$((failed + 1))
	echo "FAIL: $1"
	if [ $# -gt 1 ] && [ -s "$2" ]; then
		sed -e 's/^/    /' "$2"
	fi
}
# check DESCRIPTION COMMAND...: runs the command, output to $tmp/out.
check() {
	what=$1
	shift
	if "$@" >"$tmp/out" 2>&1; then
		pass "$what"
	else
		fail "$what" "$tmp/out"
	fi
}
finish() {
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
	exit $?
}

# ---- make install ------------------------------------------------------------
if $make install PREFIX="$prefix" DESTDIR="$stage" >"$tmp/install.log" 2>&1; then
	pass "make install PREFIX=$prefix DESTDIR=<tmp>"
else
	fail "make install PREFIX=$prefix DESTDIR=<tmp>" "$tmp/install.log"
	finish
fi

for f in bin/hardconf include/hardconf.h lib/libhardconf.a lib/libhardconf.so.0.1.0 \
	lib/pkgconfig/hardconf.pc share/man/man1/hardconf.1 share/man/man3/libhardconf.3; do
	if [ -f "$root/$f" ] && [ ! -h "$root/$f" ]; then
		pass "installed $f"
	else
		fail "installed $f (missing, or not a regular file)"
	fi
done
if [ -x "$root/bin/hardconf" ]; then
	pass "bin/hardconf is executable"
else
	fail "bin/hardconf is executable"
fi
# The development and run-time links, each to the next name.
link_check() {
	if [ -h "$root/lib/$1" ] && [ "$(readlink "$root/lib/$1")" = "$2" ]; then
		pass "lib/$1 is a symlink to $2"
	else
		fail "lib/$1 is a symlink to $2 (found: $(readlink "$root/lib/$1" 2>/dev/null || echo none))"
	fi
}
link_check libhardconf.so libhardconf.so.0
link_check libhardconf.so.0 libhardconf.so.0.1.0

if readelf -d "$root/lib/libhardconf.so.0.1.0" >"$tmp/out" 2>&1 &&
	grep -q 'SONAME.*\[libhardconf\.so\.0\]' "$tmp/out"; then
	pass "installed library has SONAME libhardconf.so.0"
else
	fail "installed library has SONAME libhardconf.so.0" "$tmp/out"
fi

check "installed hardconf --version runs" "$root/bin/hardconf" --version

# ---- pkg-config ----------------------------------------------------------------
# The .pc file names the final locations (/usr/local/...); the staged copy is
# found by treating the staging directory as the system root, which works
# whether or not the file defines libdir and includedir from ${prefix}.
pc() {
	PKG_CONFIG_PATH=$root/lib/pkgconfig PKG_CONFIG_SYSROOT_DIR=$stage "$pkg_config" "$@"
}

# shellcheck disable=SC2016 # $1 is for the inner shell
check "pkg-config --modversion hardconf is 0.1.0" sh -c '[ "$1" = 0.1.0 ]' sh \
	"$(pc --modversion hardconf 2>/dev/null)"
if cflags=$(pc --cflags hardconf 2>"$tmp/out") && libs=$(pc --libs hardconf 2>>"$tmp/out") &&
	static_libs=$(pc --static --libs hardconf 2>>"$tmp/out"); then
	pass "pkg-config --cflags/--libs/--static --libs hardconf"
else
	fail "pkg-config --cflags/--libs/--static --libs hardconf" "$tmp/out"
	finish
fi
echo "    cflags: $cflags"
echo "    libs: $libs"
echo "    static libs: $static_libs"
case " $cflags " in
*" -I$root/include "*) pass "cflags name the installed include directory" ;;
*) fail "cflags name the installed include directory ($root/include)" ;;
esac
case " $libs " in
*" -L$root/lib "*) pass "libs name the installed library directory" ;;
*) fail "libs name the installed library directory ($root/lib)" ;;
esac

# ---- a program built against the installed library ---------------------------
src=examples/lint_file.c
sample=examples/web.config
libdir=$root/lib

# run_lint NAME: runs the program on the sample twice (the second time
# with the parser the first left in its workspace); expects an HC1001 each
# time and exit 1.
run_lint() {
	LD_LIBRARY_PATH=$libdir "$tmp/work/$1" "$sample" "$sample" >"$tmp/run.out" 2>&1
	status=$?
	if [ "$status" -eq 1 ] &&
		[ "$(grep -c ':[0-9]*:[0-9]*: error: .*\[HC1001\]$' "$tmp/run.out")" -eq 2 ]; then
		pass "$1 $sample $sample reports HC1001 twice and exits 1"
	else
		echo "    exit status $status" >>"$tmp/run.out"
		fail "$1 $sample $sample reports HC1001 twice and exits 1" "$tmp/run.out"
	fi
}
# needs_hardconf NAME: true when the program needs libhardconf.so.0.
needs_hardconf() {
	readelf -d "$tmp/work/$1" 2>/dev/null | grep -q 'NEEDED.*\[libhardconf\.so\.0\]'
}

# (a) Shared.
# shellcheck disable=SC2086 # word splitting of the flags is intended
if $cc -std=c11 -Wall -Wextra -Wpedantic -Wconversion -Werror $cflags -o "$tmp/work/lint_shared" \
	"$src" $libs >"$tmp/out" 2>&1; then
	pass "$src builds warning-free against the installed shared library"
	# The header used is the installed one.
	$cc -std=c11 $cflags -M "$src" >"$tmp/deps" 2>&1
	if grep -q "$root/include/hardconf.h" "$tmp/deps"; then
		pass "$src includes the installed hardconf.h"
	else
		fail "$src includes the installed hardconf.h" "$tmp/deps"
	fi
	if needs_hardconf lint_shared; then
		pass "lint_shared needs libhardconf.so.0"
	else
		readelf -d "$tmp/work/lint_shared" >"$tmp/out" 2>&1
		fail "lint_shared needs libhardconf.so.0" "$tmp/out"
	fi
	if LD_LIBRARY_PATH=$libdir ldd "$tmp/work/lint_shared" >"$tmp/out" 2>&1 &&
		grep -q "libhardconf\.so\.0 => $libdir/libhardconf\.so\.0 " "$tmp/out"; then
		pass "lint_shared loads libhardconf.so.0 from the installed lib directory"
	else
		fail "lint_shared loads libhardconf.so.0 from the installed lib directory" "$tmp/out"
	fi
	run_lint lint_shared
else
	fail "$src builds warning-free against the installed shared library" "$tmp/out"
fi

# (b) Static: the archive for hardconf, its dependencies as pkg-config --static
# lists them (without -lhardconf, which would bring the shared library back).
rest=
for word in $static_libs; do
	[ "$word" = -lhardconf ] || rest="$rest $word"
done
# shellcheck disable=SC2086
if $cc -std=c11 -Wall -Wextra -Wpedantic -Wconversion -Werror $cflags -o "$tmp/work/lint_static" \
	"$src" -L"$libdir" -Wl,-Bstatic -lhardconf -Wl,-Bdynamic $rest >"$tmp/out" 2>&1; then
	pass "$src builds against the installed static library"
	if needs_hardconf lint_static; then
		readelf -d "$tmp/work/lint_static" >"$tmp/out" 2>&1
		fail "lint_static does not need libhardconf.so.0" "$tmp/out"
	else
		pass "lint_static does not need libhardconf.so.0"
	fi
	run_lint lint_static
	# And without the installed shared library in reach at all.
	if "$tmp/work/lint_static" "$sample" >/dev/null 2>&1; [ $? -eq 1 ]; then
		pass "lint_static runs without LD_LIBRARY_PATH"
	else
		fail "lint_static runs without LD_LIBRARY_PATH"
	fi
else
	fail "$src builds against the installed static library" "$tmp/out"
fi

# ---- make uninstall ------------------------------------------------------------
if $make uninstall PREFIX="$prefix" DESTDIR="$stage" >"$tmp/uninstall.log" 2>&1; then
	pass "make uninstall PREFIX=$prefix DESTDIR=<tmp>"
else
	fail "make uninstall PREFIX=$prefix DESTDIR=<tmp>" "$tmp/uninstall.log"
fi
# Directories may stay (they may be shared); no file or link may.
find "$stage" ! -type d >"$tmp/left" 2>&1
if [ ! -s "$tmp/left" ]; then
	pass "nothing is left after uninstall"
else
	fail "nothing is left after uninstall" "$tmp/left"
fi

finish
