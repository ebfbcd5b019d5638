#!/bin/sh
# Findings per rule over a corpus of real configuration files, for
# false-positive review: what fires most is what to read first.
# usage: tests/corpus-report.sh HARDCONF CORPUS_DIR
hc=$1 corpus=$2
[ -d "$corpus" ] || { echo "corpus-report: no corpus at $corpus" >&2; exit 2; }
out=$(mktemp)
trap 'rm -f "$out"' EXIT INT TERM
"$hc" --fail-on none "$corpus" >"$out" 2>"$out.summary"
status=$?
echo "== $(tail -n 1 "$out.summary")"
rm -f "$out.summary"
echo "== findings per rule"
sed -n 's/.*\[\(HC[0-9]*\)\]$/\1/p' "$out" | sort | uniq -c | sort -k2 | while read -r n id; do
	printf '%6d  %s  %s\n' "$n" "$id" "$("$hc" --list-rules | sed -n "s/^$id  [a-z]* *//p")"
done
echo "== files with the most findings"
sed -n 's/^\(.*\):[0-9]*:[0-9]*: .*/\1/p' "$out" | sort | uniq -c | sort -rn | head -n 10
echo "== one example per rule"
sed -n 's/.*\[\(HC[0-9]*\)\]$/\1/p' "$out" | sort -u | while read -r id; do
	grep -m 1 "\[$id\]$" "$out" | cut -c 1-220
done
exit $((status > 1 ? status : 0))
