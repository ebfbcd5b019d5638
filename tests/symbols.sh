#!/bin/sh
# symbols.sh - check that a shared library exports exactly the committed list
# of dynamic symbols, so that only the public hardconf_* API is visible.
#
#   sh tests/symbols.sh build/libhardconf.so.0.1.0 tests/exported-symbols.txt
#
# The list holds one symbol name per line, sorted (LC_ALL=C); lines starting
# with '#' and blank lines are ignored.  Symbol versions (name@@VERSION) are
# dropped, and so are the few symbols some linkers define on their own
# (_init, _fini, _edata, _end, __bss_start).  After a deliberate change to the
# API, regenerate the names with:
#   nm -D --defined-only build/libhardconf.so.0.1.0 | awk '{print $NF}' | LC_ALL=C sort
#
# Exit status: 0 same, 1 different (a diff is printed), 2 usage or tool error.
set -u

if [ $# -ne 2 ]; then
	echo "usage: sh tests/symbols.sh LIBRARY SYMBOL-LIST" >&2
	exit 2
fi
lib=$1
list=$2
nm=${NM:-nm}

for f in "$lib" "$list"; do
	if [ ! -r "$f" ]; then
		echo "symbols.sh: cannot read $f" >&2
		exit 2
	fi
done

tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 2' HUP INT TERM

if ! "$nm" -D --defined-only "$lib" >"$tmp/nm"; then
	echo "symbols.sh: $nm -D --defined-only $lib failed" >&2
	exit 2
fi
awk 'NF { name = $NF; sub(/@.*/, "", name); print name }' "$tmp/nm" |
	grep -v -x -e _init -e _fini -e _edata -e _end -e __bss_start |
	LC_ALL=C sort -u >"$tmp/actual"
grep -v -e '^#' -e '^[[:space:]]*$' "$list" | LC_ALL=C sort -u >"$tmp/expected"

if [ ! -s "$tmp/actual" ]; then
	echo "symbols.sh: $lib defines no dynamic symbols" >&2
	exit 2
fi

if diff -u "$tmp/expected" "$tmp/actual" >"$tmp/diff"; then
	echo "symbols: $lib exports the $(wc -l <"$tmp/actual" | tr -d ' ') symbols of $list"
	exit 0
fi
echo "symbols: $lib does not export exactly the symbols of $list" >&2
echo "('-' listed but not exported, '+' exported but not listed):" >&2
sed -e '1,2d' "$tmp/diff" >&2
exit 1
