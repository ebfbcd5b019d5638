#!/bin/sh
# What web.config transforms change, over a corpus: every transform in
# CORPUS/transform whose base (same repository and folder) is in CORPUS/web
# is applied to it; the findings of the base alone and of the base as
# published are compared.  A crash or an I/O error fails the run; findings
# are fine.
# usage: tests/corpus-transforms.sh HARDCONF CORPUS_DIR
hc=$1 corpus=$2
[ -d "$corpus/transform" ] || { echo "corpus-transforms: no transforms in $corpus" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
pairs=0 changed=0 failed=0
ls "$corpus/web" >"$tmp/bases"
for t in "$corpus"/transform/*; do
	name=$(basename "$t")
	prefix=${name%~*}
	base=$(grep -i -x -F -e "$prefix~web.config" "$tmp/bases" | head -n 1)
	[ -n "$base" ] || continue
	pairs=$((pairs + 1))
	# Positions are left out: lines of the base shift nowhere, but a
	# finding that moves to the transform is a change worth seeing.
	"$hc" -q --fail-on none "$corpus/web/$base" >"$tmp/alone" 2>"$tmp/err"
	s1=$?
	"$hc" -q --fail-on none --transform "$t" "$corpus/web/$base" >"$tmp/published" 2>>"$tmp/err"
	s2=$?
	if [ "$s1" -gt 1 ] || [ "$s2" -gt 1 ]; then
		echo "FAIL $name: exit $s1/$s2"; sed 's/^/#   /' "$tmp/err"; failed=$((failed + 1))
		continue
	fi
	sed -e "s|^$corpus/web/$base|base|" -e "s|^$t|transform|" -e 's/: [a-z]*: .*\[/ [/' "$tmp/alone" | sort >"$tmp/a"
	sed -e "s|^$corpus/web/$base|base|" -e "s|^$t|transform|" -e 's/: [a-z]*: .*\[/ [/' "$tmp/published" | sort >"$tmp/b"
	if ! cmp -s "$tmp/a" "$tmp/b"; then
		changed=$((changed + 1))
		echo "== $name"
		comm -23 "$tmp/a" "$tmp/b" | sed 's/^/  - /'
		comm -13 "$tmp/a" "$tmp/b" | sed 's/^/  + /'
	fi
done
echo "corpus-transforms: $pairs pairs, $changed changed what is reported, $failed failed"
[ "$failed" -eq 0 ]
