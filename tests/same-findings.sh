#!/bin/sh
# Two builds of the CLI give the same output, in every format, for the same
# paths (the plain build and the profile-guided one: make check-pgo).
# usage: tests/same-findings.sh CLI_A CLI_B PATH...
a=$1 b=$2
shift 2
pass=0 fail=0
dir=$(mktemp -d) || exit 2
trap 'rm -rf "$dir"' EXIT
for format in gcc json sarif; do
	"$a" --no-config -j1 --format "$format" "$@" >"$dir/a" 2>&1
	status_a=$?
	"$b" --no-config -j1 --format "$format" "$@" >"$dir/b" 2>&1
	status_b=$?
	if [ "$status_a" = "$status_b" ] && cmp -s "$dir/a" "$dir/b" && [ -s "$dir/a" ]; then
		echo "ok - --format $format: the same $(wc -l <"$dir/a") lines, exit $status_a"
		pass=$((pass + 1))
	else
		echo "not ok - --format $format: exit $status_a against $status_b"
		diff "$dir/a" "$dir/b" | head -20
		fail=$((fail + 1))
	fi
done
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
