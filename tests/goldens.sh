#!/bin/sh
# Golden output: what the CLI prints, byte for byte, in every format over a
# fixed set of cases, compared with the committed tests/goldens/FORMAT.golden.
# The fixtures' .expected files pin line, column, severity and id only; these
# pin the rest - messages, JSON keys, SARIF properties, annotation fields, the
# output for a clean file - so changing any of them fails until the goldens
# are regenerated on purpose (make update-goldens) and the diff reviewed.
# Every rule of --list-rules must fire, unsuppressed, in the gcc golden.
#
# usage: tests/goldens.sh [--update] BUILD/hardconf GOLDEN_DIR
# Run from the repository root: the goldens name files relative to it.
#
# Each case is a header, then the output as printed (standard error, if any,
# follows as "#### stderr:" lines):
#   #### case NAME: exit STATUS
#   #### hardconf ARGUMENTS... \
#   ####     PATH \
#   ####     PATH
update=0
if [ "$1" = --update ]; then
	update=1
	shift
fi
hc=$1 goldens=$2
formats="gcc json sarif github"
# Rules off by default: their fixtures get a case with the rules turned on.
opt_in="HC1021 HC1022"

# The glob order and anything locale-dependent in the output.
LC_ALL=C
export LC_ALL
unset NO_COLOR

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
for fmt in $formats; do : >"$tmp/$fmt.golden"; done

# An argument as a shell would need it.
quote() {
	case $1 in
	*[!A-Za-z0-9_./=,:+-]*) printf "'%s'" "$1" ;;
	*) printf '%s' "$1" ;;
	esac
}

# same_rules NAME FILE: FILE, SARIF output, with the lines up to "results"
# (the rule descriptors, one a line) that equal the same line of the first
# case's output collapsed into "#### lines M-N as in case FIRST": the rule
# table is printed whole once, not in every case, and a changed description
# makes one hunk in the diff.  A line that differs is kept.
same_rules() {
	if [ ! -f "$tmp/sarif.first" ]; then
		cp "$2" "$tmp/sarif.first"
		echo "$1" >"$tmp/sarif.first-name"
		cat "$2"
		return
	fi
	awk -v first="$(cat "$tmp/sarif.first-name")" '
	function flush() {
		if (to) printf "#### lines %d-%d as in case %s\n", from, to, first
		to = 0
	}
	NR == FNR {
		line[FNR] = $0
		if (!end && index($0, "\"results\":[")) end = FNR
		next
	}
	FNR <= end && $0 == line[FNR] {
		if (!to) from = FNR
		to = FNR
		next
	}
	{ flush(); print }
	END { flush() }' "$tmp/sarif.first" "$2"
}

# run_case NAME [OPTION...] -- PATH...: one section in each format's golden.
run_case() {
	name=$1
	shift
	for fmt in $formats; do
		out=$tmp/$fmt.golden
		"$hc" -q -j 1 --no-config --format "$fmt" "$@" >"$tmp/out" 2>"$tmp/err"
		status=$?
		{
			echo "#### case $name: exit $status"
			printf '#### hardconf -q -j 1 --no-config --format %s' "$fmt"
			for arg in "$@"; do
				if [ "$arg" = -- ]; then
					printf ' --'
					operands=1
				elif [ -n "$operands" ]; then
					printf ' \\\n####     %s' "$(quote "$arg")"
				else
					printf ' %s' "$(quote "$arg")"
				fi
			done
			operands=
			echo
			if [ "$fmt" = sarif ]; then
				same_rules "$name" "$tmp/out"
			else
				cat "$tmp/out"
			fi
			# Output without a final newline would run into the next header.
			if [ -s "$tmp/out" ] && [ -n "$(tail -c 1 "$tmp/out")" ]; then
				echo
				echo "#### (no newline at the end of the output)"
			fi
			sed 's/^/#### stderr: /' "$tmp/err"
		} >>"$out"
	done
}

# The fixture files matching GLOB, one a line: not a chain directory, not an
# .expected file.
files() {
	set +f
	for f in $1; do
		[ -f "$f" ] || continue
		case $f in *.expected) continue ;; esac
		echo "$f"
	done
}

# The lists are split on blanks.
if [ -n "$(find testdata -name '*[[:space:]]*')" ]; then
	echo "goldens.sh: a file under testdata/ has a blank in its name" >&2
	exit 2
fi
set -f # the file lists are expanded unquoted: split them, do not glob them
# shellcheck disable=SC2046 # word splitting of the file lists is intended
run_case fires-files -- $(files 'testdata/HC*/fires-*')

# shellcheck disable=SC2046
run_case opt-in-fires-files --enable "$(echo $opt_in | tr ' ' ,)" -- \
	$(for id in $opt_in; do files "testdata/$id/fires-*"; done)

# Each chain fixture (tests/test_rules.c, lint_fixture) as the command line
# says it.  The command line has no parent transform and no flags: such a
# chain is linted as a walk of its folder, which applies Release transforms
# to the parents.
for dir in $(set +f; for d in testdata/HC*/fires-*/; do [ -f "${d}chain" ] && echo "${d%/}"; done); do
	set --
	target='' walk=''
	while IFS= read -r line || [ -n "$line" ]; do
		case $line in '#'*) continue ;; *' '*) ;; *) continue ;; esac
		value=${line#* }
		case ${line%% *} in
		parent) set -- "$@" --parent "$dir/$value" ;;
		site) set -- "$@" --site-path "$value" ;;
		transform) set -- "$@" --transform "$dir/$value" ;;
		target) target=$dir/$value ;;
		*) walk=1 ;;
		esac
	done <"$dir/chain"
	if [ -n "$walk" ]; then
		run_case "walk:${dir#testdata/}" -- "$dir"
	else
		run_case "chain:${dir#testdata/}" "$@" -- "$target"
	fi
done

# shellcheck disable=SC2046
run_case show-suppressed --show-suppressed -- $(files 'testdata/HC0006/*')

# Near-misses that find nothing at all: the empty output of each format.
# shellcheck disable=SC2046
run_case clean-files -- $(for f in $(files 'testdata/HC*/near-*'); do
	[ -f "$f.expected" ] && [ ! -s "$f.expected" ] && echo "$f"
done)
set +f

pass=0 fail=0
if [ "$update" -eq 1 ]; then
	mkdir -p "$goldens"
	for fmt in $formats; do
		cp "$tmp/$fmt.golden" "$goldens/$fmt.golden"
		echo "wrote $goldens/$fmt.golden"
	done
else
	for fmt in $formats; do
		if [ ! -f "$goldens/$fmt.golden" ]; then
			echo "not ok - $goldens/$fmt.golden is missing"
			fail=$((fail + 1))
		elif cmp -s "$goldens/$fmt.golden" "$tmp/$fmt.golden"; then
			echo "ok - $fmt output as in $goldens/$fmt.golden"
			pass=$((pass + 1))
		else
			echo "not ok - $fmt output differs from $goldens/$fmt.golden:"
			diff -u "$goldens/$fmt.golden" "$tmp/$fmt.golden" | head -n 30
			fail=$((fail + 1))
		fi
	done
	[ "$fail" -eq 0 ] ||
		echo "if the change is intended: make update-goldens, and review the diff"
fi

# Every rule fires somewhere: a rule added without a case fails here.
fired=$(grep -sv '^####' "$goldens/gcc.golden" | sed -n 's/.* \[\(HC[0-9]*\)\]$/\1/p' | sort -u)
missing=
for id in $("$hc" --list-rules | cut -d' ' -f1); do
	echo "$fired" | grep -qx "$id" || missing="$missing $id"
done
if [ -z "$missing" ]; then
	echo "ok - every rule of --list-rules fires in $goldens/gcc.golden"
	pass=$((pass + 1))
else
	echo "not ok - no unsuppressed finding in $goldens/gcc.golden for:$missing"
	echo "#   add a fires- fixture the cases in tests/goldens.sh reach (opt-in rules: opt_in)"
	fail=$((fail + 1))
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
