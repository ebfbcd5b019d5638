#!/bin/sh
# Lints the manual pages and checks that they still match the code.
# usage: tests/man-lint.sh PAGE...
#
# Each page is formatted with groff's warnings all on (-ww), for the
# default device and for a terminal, and any output on standard error is
# a failure.  Without groff that part is skipped.
#
# Whatever groff's presence, a page named hardconf.1 must mention every
# option of cli/main.c (long names from the longopts table, short ones
# from the getopt_long string) and a page named libhardconf.3 every
# public name of include/hardconf.h, so the pages cannot drift from the
# code unnoticed.
LC_ALL=C
export LC_ALL

if [ $# -eq 0 ]; then
	echo "usage: $0 PAGE..." >&2
	exit 2
fi
root=$(dirname "$0")/..
main_c=$root/cli/main.c
header=$root/include/hardconf.h
status=0
tmp=${TMPDIR:-/tmp}/man-lint.$$
trap 'rm -f "$tmp"' EXIT
trap 'exit 2' HUP INT TERM

fail() {
	echo "man-lint: $*" >&2
	status=1
}

# Whether page $1 names the option $2 ("--fail-on" or "-f") with each
# dash written \-, as in "\-\-fail\-on" ("\-\-fail-on" will do too) or
# "\-f", and not followed by more of a name.
has_option() {
	awk -v opt="$2" '
		function escaped(s, from,   out, i, c) {
			out = ""
			for (i = 1; i <= length(s); i++) {
				c = substr(s, i, 1)
				out = out ((c == "-" && i >= from) ? "\\-" : c)
			}
			return out
		}
		function named(line, form,   start, p, before, after) {
			start = 0
			while ((p = index(substr(line, start + 1), form)) > 0) {
				p += start
				before = substr(line, p - 1, 1)
				after = substr(line, p + length(form), 2)
				if ((before !~ /[A-Za-z0-9_-]/ || substr(line, p - 3, 2) == "\\f") &&
				    after !~ /^[A-Za-z0-9_-]/ && after != "\\-")
					return 1
				start = p
			}
			return 0
		}
		BEGIN {
			match(opt, /^-*/)
			all = escaped(opt, 1)
			leading = escaped(opt, 1)
			leading = substr(leading, 1, 2 * RLENGTH) substr(opt, RLENGTH + 1)
		}
		named($0, all) || named($0, leading) { found = 1; exit }
		END { exit !found }
	' "$1"
}

# The long names of the longopts table, one per line.
long_options() {
	awk '
		/longopts\[\][ \t]*=/ { inside = 1 }
		inside {
			line = $0
			while (match(line, /\{"[^"]+"/)) {
				print substr(line, RSTART + 2, RLENGTH - 3)
				line = substr(line, RSTART + RLENGTH)
			}
		}
		inside && /^[ \t]*\};/ { exit }
	' "$main_c"
}

# The short options of the getopt_long string, one letter per line.
short_options() {
	sed -n 's/.*getopt_long([^"]*"\([^"]*\)".*/\1/p' "$main_c" |
		head -n 1 | tr -d '+:-' | fold -w 1
}

# The header without its comments.
header_code() {
	awk '
		{ text = text $0 "\n" }
		END {
			out = ""
			while ((i = index(text, "/*")) > 0) {
				out = out substr(text, 1, i - 1) " "
				rest = substr(text, i + 2)
				j = index(rest, "*/")
				text = j ? substr(rest, j + 2) : ""
			}
			printf "%s", out text
		}
	' "$header"
}

# Every public name of the header but its include guard: functions,
# types, struct tags, enum constants and macros.
public_names() {
	header_code | awk '
		{
			line = $0
			while (match(line, /[A-Za-z_][A-Za-z0-9_]*/)) {
				word = substr(line, RSTART, RLENGTH)
				line = substr(line, RSTART + RLENGTH)
				if (word ~ /^(hardconf|HARDCONF)_/ && word != "HARDCONF_H")
					print word
			}
		}
	' | sort -u
}

# The functions declared with HARDCONF_API.
api_functions() {
	header_code | tr '\n' ' ' | tr ';' '\n' |
		sed -n 's/.*HARDCONF_API[^(]*[^A-Za-z0-9_]\([A-Za-z_][A-Za-z0-9_]*\)[[:space:]]*(.*/\1/p'
}

check_cli_page() {
	names=$(long_options)
	if [ -z "$names" ]; then
		fail "cannot find the longopts table in $main_c"
		return
	fi
	missing=
	for name in $names; do
		has_option "$1" "--$name" || missing="$missing --$name"
	done
	letters=$(short_options)
	if [ -z "$letters" ]; then
		fail "cannot find the getopt_long option string in $main_c"
		return
	fi
	for letter in $letters; do
		has_option "$1" "-$letter" || missing="$missing -$letter"
	done
	[ -z "$missing" ] ||
		fail "$1: options of cli/main.c not documented (as \\-\\-name or \\-x):$missing"
}

check_api_page() {
	functions=$(api_functions)
	if [ -z "$functions" ]; then
		fail "cannot find any HARDCONF_API function in $header"
		return
	fi
	missing=
	for name in $functions $(public_names); do
		case " $missing " in *" $name "*) continue ;; esac
		grep -E -e "$name(\$|[^A-Za-z0-9_])" "$1" >/dev/null ||
			missing="$missing $name"
	done
	[ -z "$missing" ] ||
		fail "$1: names of include/hardconf.h not documented:$missing"
}

for page in "$@"; do
	if [ ! -r "$page" ]; then
		fail "$page: cannot read"
		continue
	fi
	case $(basename "$page") in
	hardconf.1) check_cli_page "$page" ;;
	libhardconf.3) check_api_page "$page" ;;
	esac
done

if ! command -v groff >/dev/null 2>&1; then
	echo "man-lint: groff not found, skipped"
	exit "$status"
fi

for page in "$@"; do
	[ -r "$page" ] || continue
	preprocessors=
	if grep -q '^\.TS' "$page" || head -n 1 "$page" | grep -q "^'\\\\\" .*t"; then
		preprocessors=-t
	fi
	# The default device, then a terminal's, where lines are shorter.
	for device in '' -Tutf8; do
		groff $preprocessors $device -man -ww -z "$page" >/dev/null 2>"$tmp"
		rc=$?
		if [ -s "$tmp" ] || [ "$rc" -ne 0 ]; then
			fail "$page: groff${device:+ $device} -man -ww -z reported (exit status $rc):"
			cat "$tmp" >&2
		fi
	done
done
exit "$status"
