#!/bin/sh
# The library's folders are the pipeline's stages, in this order; a file
# includes only headers of its own stage and of earlier ones, so data flows
# one way (source -> scan -> resolve -> rules -> report -> format) and a
# stage can be read without the ones after it.  util/ and model/ (the rule
# catalogue and the findings) are the vocabulary every stage shares; api/
# assembles the stages behind include/hardconf.h.
# Also: no library source file over 800 lines (the rule tables, data,
# aside).
# usage: tests/layers.sh LIBDIR
lib=${1:-lib}
stages="util model source scan resolve rules report format api"
max_lines=800
pass=0 fail=0

rank() {
	n=0
	for s in $stages; do
		[ "$s" = "$1" ] && { echo $n; return; }
		n=$((n + 1))
	done
	echo -1
}

for dir in "$lib"/*/; do
	stage=$(basename "$dir")
	if [ "$(rank "$stage")" -lt 0 ]; then
		echo "not ok - $lib/$stage is not a stage ($stages)"
		fail=$((fail + 1))
	fi
done
for f in "$lib"/*.c "$lib"/*.h; do
	[ -e "$f" ] || continue
	echo "not ok - $f lies outside the stage folders"
	fail=$((fail + 1))
done

for f in "$lib"/*/*.c "$lib"/*/*.h; do
	stage=$(basename "$(dirname "$f")")
	own=$(rank "$stage")
	bad=
	for inc in $(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$f"); do
		case $inc in
		hardconf.h) continue ;; # the public header
		*/*) ;;
		*) bad="$bad $inc (name the folder)"; continue ;;
		esac
		other=$(rank "${inc%%/*}")
		if [ "$other" -lt 0 ] || [ "$other" -gt "$own" ]; then
			bad="$bad $inc"
		fi
	done
	if [ -n "$bad" ]; then
		echo "not ok - $f ($stage) includes a later stage:$bad"
		fail=$((fail + 1))
	else
		pass=$((pass + 1))
	fi
	lines=$(wc -l <"$f")
	if [ "$lines" -gt "$max_lines" ]; then
		echo "not ok - $f has $lines lines, more than $max_lines: split it by job"
		fail=$((fail + 1))
	fi
done
echo "ok - $pass files include only their own and earlier stages"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
