#!/bin/sh
# CLI tests: exit codes, output lines, stdin, directory walking, errors.
# usage: tests/cli.sh BUILD/hardconf TESTDATA
hc=$(cd "$(dirname "$1")" && pwd)/$(basename "$1") data=$2
pass=0 fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

# run NAME EXPECTED_STATUS EXPECTED_STDOUT command...
# EXPECTED_STDOUT is the whole of stdout: "" means nothing may be printed;
# "-" means stdout is not compared (expect lines after the run look into it).
run() {
	name=$1 want=$2 golden=$3
	shift 3
	"$@" >"$tmp/out" 2>"$tmp/err"
	got=$?
	if [ "$got" -ne "$want" ]; then
		echo "not ok - $name: exit $got, expected $want"; sed 's/^/#   /' "$tmp/err"
		fail=$((fail + 1)); return
	fi
	if [ "$golden" != - ] && ! printf '%s' "$golden" | diff -u - "$tmp/out" >"$tmp/diff"; then
		echo "not ok - $name: output differs"; sed 's/^/#   /' "$tmp/diff"
		fail=$((fail + 1)); return
	fi
	echo "ok - $name"; pass=$((pass + 1))
}

# expect NAME FILE PATTERN: FILE (out or err) of the last run contains PATTERN
expect() {
	if grep -q -e "$3" "$tmp/$2"; then
		echo "ok - $1"; pass=$((pass + 1))
	else
		echo "not ok - $1: '$3' not in std$2"; sed 's/^/#   /' "$tmp/$2"; fail=$((fail + 1))
	fi
}

# stderr_is NAME TEXT: standard error of the last run is exactly TEXT
stderr_is() {
	if printf '%s' "$2" | diff -u - "$tmp/err" >"$tmp/diff"; then
		echo "ok - $1"; pass=$((pass + 1))
	else
		echo "not ok - $1: standard error differs"; sed 's/^/#   /' "$tmp/diff"; fail=$((fail + 1))
	fi
}

# traced_at_most NAME LIMIT PATTERN: at most LIMIT lines of the last
# strace ($tmp/trace) hold PATTERN (a cost counted, not timed)
traced_at_most() {
	got=$(grep -c -e "$3" "$tmp/trace")
	if [ "$got" -le "$2" ]; then
		echo "ok - $1"; pass=$((pass + 1))
	else
		echo "not ok - $1: $got system calls, at most $2 expected"; fail=$((fail + 1))
	fi
}

# can_trace: strace is installed and may trace here
can_trace() {
	strace -f -o /dev/null true 2>/dev/null
}

nl='
'
debug="$data/HC1001/fires-debug-true.config"
clean="$data/HC1001/near-secure-and-absent.config"
warn_only="$data/HC1002/fires-off.config"

run "clean file exits 0 and prints nothing" 0 "" "$hc" -q "$clean"
run "finding exits 1 with a gcc-style line" 1 \
	"$debug:4:18: error: compilation debug=\"true\" compiles with debug symbols and disables request timeouts; set debug=\"false\" for production [HC1001]$nl" \
	"$hc" -q "$debug"
run "summary on stderr" 1 - "$hc" "$debug"
expect "summary counts" err "1 file linted, 1 finding (1 error, 0 warnings, 0 notes)"
run "--fail-on error ignores warnings" 0 - "$hc" -q --fail-on error "$warn_only"
run "--fail-on warning (default) counts warnings" 1 - "$hc" -q "$warn_only"
run "--fail-on none never fails on findings" 0 - "$hc" -q --fail-on none "$debug"
run "--fail-on with a bad level" 2 "" "$hc" --fail-on fatal "$debug"

run "stdin with --stdin-filename" 1 \
	"src/Web.config:4:18: error: compilation debug=\"true\" compiles with debug symbols and disables request timeouts; set debug=\"false\" for production [HC1001]$nl" \
	sh -c "\"$hc\" -q --stdin-filename src/Web.config - < \"$debug\""
run "stdin without a name" 1 - sh -c "\"$hc\" -q - < \"$debug\""
expect "stdin is called <stdin>" out "^<stdin>:4:18: error"
run "stdin name decides the kind" 1 - sh -c "\"$hc\" -q --stdin-filename machine.config - < \"$data/HC1001/fires-machine.config\""
# Standard input is read from where it starts: what came before was the
# caller's (a finding on line 4 is on line 3 of what is left).
run "stdin redirected from a file is read from where it is" 1 - \
	sh -c "{ read -r first; \"$hc\" -q --stdin-filename web.config -; } < \"$debug\""
expect "its lines count from there" out "^web.config:3:18: error"
# A large file on standard input is linted in flat memory, redirected (read
# where it is) or piped (past 1 MiB, copied to a temporary file), under an
# address-space limit that holds hardconf linting a small file but not a
# copy of the 40 MB input.  Without room for a temporary file a pipe is read
# into memory.
big="$tmp/big.config"
{
	printf '<configuration>\n'
	head -c 40000000 /dev/zero | tr '\0' ' '
	printf '\n<system.web><compilation debug="true"/></system.web></configuration>\n'
} >"$big"
big_line="web.config:3:26: error: compilation debug=\"true\" compiles with debug symbols and disables request timeouts; set debug=\"false\" for production [HC1001]$nl"
if (ulimit -v 65536 && "$hc" -q -j1 "$clean") >/dev/null 2>&1; then
	run "a large file redirected to standard input: flat memory" 1 "$big_line" \
		sh -c "ulimit -v 65536 && \"$hc\" -q -j1 --stdin-filename web.config - < \"$big\""
	run "a large file piped to standard input: flat memory" 1 "$big_line" \
		sh -c "cat \"$big\" | (ulimit -v 65536 && \"$hc\" -q -j1 --stdin-filename web.config -)"
else
	echo "ok - # SKIP the address space cannot be limited to 64 MiB here"
fi
# A large --parent is streamed too, read once for the files below it: its
# locks found and their lines told 40 million lines down.
lock="$data/HC0010/fires-override-mode-default"
bigah="$tmp/big-parent/applicationHost.config"
mkdir -p "$tmp/big-parent"
{
	head -n 1 "$lock/applicationHost.config"
	head -c 40000000 /dev/zero | tr '\0' '\n'
	tail -n +2 "$lock/applicationHost.config"
} >"$bigah"
mkdir -p "$tmp/big-parent/a" "$tmp/big-parent/b"
cp "$lock/web.config" "$tmp/big-parent/a/web.config"
cp "$lock/web.config" "$tmp/big-parent/b/web.config"
locked() { # in file $1, the lock at line $3 of the parent, for <$2> at line $4:$5
	printf '%s:%s:%s: error: <%s> is locked by overrideModeDefault="Deny" (%s line %s): a file below cannot change it, so this fails with HTTP 500.19 or a configuration error; remove it here or unlock it there [HC0010]\n' \
		"$1" "$4" "$5" "$2" "$bigah" "$3"
}
big_parent_out() { # the findings of web.config $1 below the large parent
	echo "$(locked "$1" access 40000006 5 7)$nl$(locked "$1" anonymousAuthentication 40000008 7 9)"
}
if (ulimit -v 65536 && "$hc" -q -j1 "$clean") >/dev/null 2>&1; then
	run "a large --parent: flat memory" 1 "$(big_parent_out "$lock/web.config")$nl" \
		sh -c "ulimit -v 65536 && \"$hc\" -q -j1 --no-config --parent \"$bigah\" \"$lock/web.config\""
	run "a large --parent read once for two files: flat memory" 1 \
		"$(big_parent_out "$tmp/big-parent/a/web.config")$nl$(big_parent_out "$tmp/big-parent/b/web.config")$nl" \
		sh -c "ulimit -v 65536 && \"$hc\" -q -j2 --no-config --parent \"$bigah\" \"$tmp/big-parent/a/web.config\" \"$tmp/big-parent/b/web.config\""
else
	echo "ok - # SKIP the address space cannot be limited to 64 MiB here"
fi
run "a large pipe with no room for a temporary file is read into memory" 1 "$big_line" \
	sh -c "cat \"$big\" | TMPDIR=\"$tmp/none\" \"$hc\" -q -j1 --stdin-filename web.config -"
# A temporary file that fills up after more was read: an error, never a
# lint of part of the input (a file-size limit of a few MiB; the signal
# ignored, so that the write fails instead).
run "a pipe that cannot all be copied is an error" 2 "" \
	sh -c "trap '' XFSZ; ulimit -f 8192 && cat \"$big\" | \"$hc\" -q -j1 --stdin-filename web.config -"
expect "which says so" err "web.config: cannot copy standard input to a temporary file"
rm -f "$big"

# A tree with good, bad, malformed and irrelevant files.
mkdir -p "$tmp/tree/b/sub" "$tmp/tree/a" "$tmp/tree/dir.config" "$tmp/tree/.git"
cp "$debug" "$tmp/tree/a/Web.config"
cp "$warn_only" "$tmp/tree/b/sub/WEB.CONFIG"
cp "$data/HC0001/fires-unclosed.config" "$tmp/tree/b/broken.config"
cp "$data/HC0009/fires-unknown-root.xml" "$tmp/tree/a/project.xml"
cp "$debug" "$tmp/tree/.git/web.config"
cp "$debug" "$tmp/tree/a/web.config.txt"
cp "$data/HC3001/fires-srsdataconnector.xml" "$tmp/tree/b/setup.XML"
ln -s ../a "$tmp/tree/b/loop"
mkfifo "$tmp/tree/b/fifo.config" 2>/dev/null
run "directory walk" 1 \
"$tmp/tree/a/Web.config:4:18: error: compilation debug=\"true\" compiles with debug symbols and disables request timeouts; set debug=\"false\" for production [HC1001]
$tmp/tree/b/broken.config:4:18: error: compilation debug=\"true\" compiles with debug symbols and disables request timeouts; set debug=\"false\" for production [HC1001]
$tmp/tree/b/broken.config:5:16: error: malformed XML: Opening and ending tag mismatch: compilation line 4 and system.web [HC0001]
$tmp/tree/b/setup.XML:4:31: warning: monitoringserviceaccount type=\"NetworkService\" runs the service as Network Service, the computer account on the network; use a dedicated low-privilege domain account (type=\"DomainUser\") [HC3001]
$tmp/tree/b/sub/WEB.CONFIG:4:45: warning: customErrors mode=\"Off\" shows detailed ASP.NET errors with stack traces to remote clients; set mode=\"RemoteOnly\" or \"On\" [HC1002]
" "$hc" -j 1 "$tmp/tree"
expect "walk summary skips unknown kinds" err "4 files linted, 5 findings"
cp "$tmp/out" "$tmp/walk-sequential"
run "directory walk on 3 threads" 1 - "$hc" -j 3 "$tmp/tree"
if cmp -s "$tmp/out" "$tmp/walk-sequential"; then
	echo "ok - same output, same order with -j 3"; pass=$((pass + 1))
else
	echo "not ok - -j 3 changed the output"; diff "$tmp/walk-sequential" "$tmp/out" | sed 's/^/#   /'; fail=$((fail + 1))
fi
run "--jobs 0 is a usage error" 2 "" "$hc" --jobs 0 "$debug"

# Links: not followed by default; with -L followed, and a loop is cut.
mkdir -p "$tmp/links/real"
cp "$debug" "$tmp/links/real/web.config"
ln -s .. "$tmp/links/real/up"
ln -s real "$tmp/links/alias"
run "symbolic links to directories are not followed" 1 - "$hc" -j 1 "$tmp/links"
expect "the real directory is linted once" err "1 file linted"
run "one file named by two paths" 1 - "$hc" -j 1 "$tmp/links/real/web.config" \
	"$tmp/links/alias/web.config" "$tmp/links/real/../real/web.config"
expect "is linted once" err "1 file linted"
run "-L follows them and stops at the loop" 1 - "$hc" -j 1 -L "$tmp/links"
expect "-L lints through the alias" err "2 files linted"
expect "the loop is reported" err "symbolic link loop, not followed"
ln -s nowhere "$tmp/links/dangling.config"
run "a dangling link named like a config is an error" 2 - "$hc" -q "$tmp/links"
expect "the dangling link is named" err "dangling.config: No such file or directory"

run "missing path: exit 2, the rest still linted" 2 - "$hc" -q "$tmp/nope.config" "$debug"
expect "missing path is named" err "nope.config: No such file or directory"
expect "other files still linted" out "HC1001"
run "unknown kind named explicitly is HC0009" 0 - "$hc" -q "$data/HC0009/fires-unknown-root.xml"
expect "HC0009 printed" out ":2:1: note: root element <Project>"
printf '<settings><system.web><compilation debug="true"/></system.web></settings>' >"$tmp/odd.xml"
run "--kind forces a kind" 1 - "$hc" -q --kind web "$tmp/odd.xml"
expect "forced kind lints" out "HC1001"
run "--kind with a bad name" 2 "" "$hc" --kind iis "$debug"
run "--disable turns a rule off" 0 "" "$hc" -q --disable HC1001 "$debug"
run "--disable takes a list" 0 "" "$hc" -q --disable HC2001,hc1001 "$debug"
run "--severity re-grades a rule" 0 - "$hc" -q --severity HC1001=note "$debug"
expect "re-graded as a note" out ":4:18: note: compilation"
run "--severity with a bad level" 2 "" "$hc" --severity HC1001=fatal "$debug"
run "--severity with an unknown rule" 2 "" "$hc" --severity HC4242=note "$debug"
expect "unknown rule named" err "HC4242"
run "--fail-on never" 0 - "$hc" -q --fail-on never "$debug"
run "--disable an unknown rule" 2 "" "$hc" --disable HC9999 "$debug"
expect "unknown rule named" err "HC9999"
run "--max-file-size" 1 - "$hc" -q --max-file-size 10 "$debug"
expect "too large is HC0003" out "HC0003"

run "--max-depth" 1 - "$hc" -q --max-depth 2 "$debug"
expect "too deep is HC0003" out ":4:5: error: elements nested deeper than 2"
run "--max-findings" 1 - "$hc" -q --max-findings 1 "$data/HC2003/fires-explicit-and-inherited.config"
expect "capped findings end with HC0003" out "more than 1 findings"
run "--max-attributes with a bad number" 2 "" "$hc" --max-attributes -3 "$debug"
expect "bad number named" err "max-attributes"
sup="$data/HC0006/near-suppressions-that-work.config"
run "suppressed findings are not printed and do not fail" 0 "" "$hc" "$sup"
expect "the summary counts them" err "0 findings (0 errors, 0 warnings, 0 notes; 4 suppressed)"
run "--show-suppressed prints them, marked" 0 - "$hc" -q --show-suppressed "$sup"
expect "marked suppressed" out "6:18: error: .* \[HC1001\] \[suppressed\]$"
run "JSON keeps them with the reason" 0 - "$hc" -q --format json "$sup"
expect "json justification" out '"suppressed":true,"justification":"the build server'"'"'s own site"'

# A baseline hides what an earlier run found, even after lines moved.
mkdir -p "$tmp/bl"
cp "$data/HC2003/fires-explicit-and-inherited.config" "$tmp/bl/applicationHost.config"
"$hc" -q --format json "$tmp/bl" >"$tmp/base.json"
"$hc" -q --format sarif "$tmp/bl" >"$tmp/base.sarif"
sed -i 's|<configuration>|<configuration>\n<!-- two new lines -->\n|; s|<add name="Own">|<add name="New"><processModel identityType="LocalSystem"/></add><add name="Own">|' \
	"$tmp/bl/applicationHost.config"
for base in base.json base.sarif; do
	run "--baseline $base reports only the new finding" 1 \
"$tmp/bl/applicationHost.config:14:43: error: application pool \"New\" runs as LocalSystem (processModel identityType); use identityType=\"ApplicationPoolIdentity\" [HC2004]
" "$hc" -q --baseline "$tmp/$base" "$tmp/bl"
done
run "a baseline that is not hardconf output" 2 "" "$hc" --baseline "$debug" "$debug"
expect "the baseline is named" err "no fingerprints"

# A baseline from a clean tree loads: nothing is found later, nothing new.
for fmt in json sarif; do
	"$hc" -q --format "$fmt" "$clean" >"$tmp/clean.$fmt"
	run "a clean $fmt baseline loads" 0 "" "$hc" -q --baseline "$tmp/clean.$fmt" "$clean"
done
# Fingerprints are project-relative: a baseline of "." matches the file
# however it is named; identical findings are counted, not merged.
fp="$tmp/fpr"
mkdir -p "$fp/site"
git init -q "$fp" 2>/dev/null || mkdir -p "$fp/.git"
secret='    <add name="A" connectionString="Server=x;Password=Sup3r;" />'
printf '<configuration>\n  <connectionStrings>\n%s\n  </connectionStrings>\n</configuration>\n' "$secret" >"$fp/site/web.config"
(cd "$fp" && "$hc" -q --format json . >"$tmp/fp.json")
(cd "$fp" && "$hc" -q --format sarif . >"$tmp/fp.sarif")
for base in fp.json fp.sarif; do
	run "$base: the file named from the root" 0 "" sh -c "cd \"$fp\" && \"$hc\" -q --baseline \"$tmp/$base\" site/web.config"
	run "$base: named from its folder" 0 "" sh -c "cd \"$fp/site\" && \"$hc\" -q --baseline \"$tmp/$base\" web.config"
	run "$base: by its absolute path" 0 "" "$hc" -q --baseline "$tmp/$base" "$fp/site/web.config"
	run "$base: piped with its name" 0 "" sh -c "cd \"$fp/site\" && \"$hc\" -q --baseline \"$tmp/$base\" --stdin-filename web.config - < web.config"
done
# A folder reached through a link (-L) has the fingerprints of the folder
# it is: the walk resolves the link once, not each file below it.
ln -s site "$fp/zlink"
run "a linked folder walked has its real folder's fingerprints" 0 "" \
	sh -c "cd \"$fp\" && \"$hc\" -q -L --baseline \"$tmp/fp.json\" ."
rm "$fp/zlink"
printf '<configuration>\n  <connectionStrings>\n%s\n%s\n  </connectionStrings>\n</configuration>\n' "$secret" "$secret" >"$fp/site/web.config"
run "a second identical finding is new" 1 \
	"site/web.config:4:19: error: connection string \"A\" holds a literal Password (\"***\", 5 characters); encrypt the section (aspnet_regiis -pe \"connectionStrings\"), use Integrated Security or a managed identity, or supply it at deployment from a secret store such as Azure Key Vault [HC6001]$nl" \
	sh -c "cd \"$fp\" && \"$hc\" -q --baseline \"$tmp/fp.json\" site/web.config"
run "--write-baseline exits 0 and still prints the findings" 0 - \
	sh -c "cd \"$fp\" && \"$hc\" -q --write-baseline \"$tmp/fp2.json\" ."
expect "  the findings" out "^./site/web.config:4:19: error: connection string"
if [ "$(grep -c '"fingerprint"' "$tmp/fp2.json")" -eq 2 ] &&
	[ "$(grep -o '"fingerprint":"[0-9a-f]*"' "$tmp/fp2.json" | sort -u | wc -l)" -eq 2 ]; then
	echo "ok - two identical findings are two baseline entries"; pass=$((pass + 1))
else
	echo "not ok - two identical findings are two baseline entries"; sed 's/^/#   /' "$tmp/fp2.json"; fail=$((fail + 1))
fi
run "the baseline written hides both" 0 "" sh -c "cd \"$fp\" && \"$hc\" -q --baseline \"$tmp/fp2.json\" site/web.config"
# A project inside the walked tree (its .hardconf says root) has paths of its own.
mkdir -p "$fp/inner"
printf 'root\n' >"$fp/inner/.hardconf"
printf '<configuration>\n  <connectionStrings>\n%s\n  </connectionStrings>\n</configuration>\n' "$secret" >"$fp/inner/web.config"
(cd "$fp" && "$hc" -q --write-baseline "$tmp/fp3.json" . >/dev/null)
run "a baseline of the walk matches a file of an inner project named" 0 "" \
	sh -c "cd \"$fp/inner\" && \"$hc\" -q --baseline \"$tmp/fp3.json\" web.config"
rm -r "$fp/inner"

# SARIF describes the rules as the run ran them, and only security rules as
# security: a re-graded rule's security-severity follows its grade.
sarif_rule() { # ID: the rule's configuration and properties in the last SARIF output
	grep -o "{\"id\":\"$1\",\"name\":.*" "$tmp/rules.sarif" |
		grep -o '"defaultConfiguration":{[^}]*},"properties":{[^}]*}}' | head -1
}
run "SARIF with a re-graded and a disabled rule" 0 - "$hc" -q --format sarif --severity HC1001=note -d HC1002 "$debug"
cp "$tmp/out" "$tmp/rules.sarif"
run "  HC1001 graded note: security-severity 2.0" 0 \
	'"defaultConfiguration":{"level":"note","enabled":true},"properties":{"tags":["security","aspnet"],"precision":"high","security-severity":"2.0"}}
' sarif_rule HC1001
run "  HC1002 switched off: enabled false" 0 \
	'"defaultConfiguration":{"level":"warning","enabled":false},"properties":{"tags":["security","aspnet"],"precision":"high","security-severity":"5.0"}}
' sarif_rule HC1002
run "  HC0011, a missing file, is correctness: no security-severity" 0 \
	'"defaultConfiguration":{"level":"error","enabled":true},"properties":{"tags":["correctness","file"],"precision":"high"}}
' sarif_rule HC0011
run "  HC0006 is maintainability" 0 \
	'"defaultConfiguration":{"level":"note","enabled":true},"properties":{"tags":["maintainability","file"],"precision":"high"}}
' sarif_rule HC0006
run "  HC6007, a heuristic, has medium precision" 0 \
	'"defaultConfiguration":{"level":"warning","enabled":true},"properties":{"tags":["security","secrets"],"precision":"medium","security-severity":"5.0"}}
' sarif_rule HC6007
run "  HC1022, opt-in, is off" 0 \
	'"defaultConfiguration":{"level":"note","enabled":false},"properties":{"tags":["security","aspnet"],"precision":"high","security-severity":"2.0"}}
' sarif_rule HC1022
n_rules=$("$hc" --list-rules | grep -c '^HC')
run "  every rule has a name" 0 "$n_rules$nl" sh -c "grep -o '{\"id\":\"HC[0-9]*\",\"name\":\"[A-Z][A-Za-z]*\",' \"$tmp/rules.sarif\" | wc -l"
run "SARIF default grading: HC1001 is 8.0" 0 - "$hc" -q --format sarif --fail-on never "$debug"
cp "$tmp/out" "$tmp/rules.sarif"
run "  security-severity 8.0" 0 \
	'"defaultConfiguration":{"level":"error","enabled":true},"properties":{"tags":["security","aspnet"],"precision":"high","security-severity":"8.0"}}
' sarif_rule HC1001

# Project files: the nearest .hardconf above each file; the command line wins.
mkdir -p "$tmp/proj/site/sub" "$tmp/proj/bin"
cp "$debug" "$tmp/proj/site/sub/web.config"
cp "$warn_only" "$tmp/proj/bin/web.config"
printf '# the project\ndisable HC1002\nseverity HC1001=note\nfail-on error\nignore ./bin/\n' \
	>"$tmp/proj/.hardconf"
run "a .hardconf re-grades, disables, ignores and sets the fail level" 0 \
"$tmp/proj/site/sub/web.config:4:18: note: compilation debug=\"true\" compiles with debug symbols and disables request timeouts; set debug=\"false\" for production [HC1001]
" "$hc" -q "$tmp/proj"
run "the command line wins" 1 - "$hc" -q --severity HC1001=error "$tmp/proj"
expect "re-graded back" out ":4:18: error: compilation"
run "--no-config" 1 - "$hc" -q --no-config "$tmp/proj"
expect "no project file: the ignored file is linted" out "bin/web.config:4:45: warning"
# A folder's own .hardconf (found in its listing) governs it and the folders
# below; its siblings keep the one above.
mkdir -p "$tmp/proj/own/deeper"
cp "$debug" "$tmp/proj/own/deeper/web.config"
printf 'severity HC1001=warning\n' >"$tmp/proj/own/.hardconf"
run "a sub-folder's .hardconf in a walk" 0 \
"$tmp/proj/own/deeper/web.config:4:18: warning: compilation debug=\"true\" compiles with debug symbols and disables request timeouts; set debug=\"false\" for production [HC1001]
$tmp/proj/site/sub/web.config:4:18: note: compilation debug=\"true\" compiles with debug symbols and disables request timeouts; set debug=\"false\" for production [HC1001]
" "$hc" -q --fail-on error "$tmp/proj"
rm -r "$tmp/proj/own"
printf 'enable HC1001\nfrobnicate\n' >"$tmp/broken.hardconf"
run "--config with a broken file names its line" 2 "" "$hc" --config "$tmp/broken.hardconf" "$debug"
expect "the broken line" err "broken.hardconf:2: unknown directive 'frobnicate'"
# A project file is the repository's: one that is no project file (a
# password file behind a link, say) is not quoted back into CI logs, and a
# link out of the project is not followed at all.
printf 'admin:$6$SeCrEtHaSh:19000\n' >"$tmp/outside-secret"
printf 'admin:$6$SeCrEtHaSh:19000\n' >"$tmp/broken2.hardconf"
run "a file that is no project file" 2 "" "$hc" --config "$tmp/broken2.hardconf" "$debug"
expect "says which line" err "broken2.hardconf:1: not a directive"
if grep -q "SeCrEt" "$tmp/err"; then
	echo "not ok - its content is not echoed"; fail=$((fail + 1))
else
	echo "ok - its content is not echoed"; pass=$((pass + 1))
fi
mkdir -p "$tmp/linked/site"
cp "$debug" "$tmp/linked/site/web.config"
ln -s "$tmp/outside-secret" "$tmp/linked/.hardconf"
run "a .hardconf linking out of the project is not followed" 1 - "$hc" -q "$tmp/linked"
if grep -q "SeCrEt\|hardconf:1" "$tmp/err"; then
	echo "not ok - nothing of the linked file is read"; fail=$((fail + 1))
else
	echo "ok - nothing of the linked file is read"; pass=$((pass + 1))
fi
expect "the file is linted as without a project file" out "web.config:4:18: error"

# A walk reads what the walked directory holds: a link to a file outside it
# is not followed unless -L; a link that stays inside is.
mkdir -p "$tmp/contained/site" "$tmp/elsewhere"
cp "$debug" "$tmp/elsewhere/secret.config"
cp "$warn_only" "$tmp/contained/site/real.config"
ln -s ../../elsewhere/secret.config "$tmp/contained/site/web.config"
ln -s real.config "$tmp/contained/site/alias.config"
run "a link out of the walked directory is not followed" 1 - "$hc" -q -j 1 "$tmp/contained"
expect "it is named" err "site/web.config: a link out of the walked directory, not followed"
if grep -q "compilation debug" "$tmp/out"; then
	echo "not ok - the outside file is not read"; fail=$((fail + 1))
else
	echo "ok - the outside file is not read"; pass=$((pass + 1))
fi
expect "a link inside is linted" out "site/alias.config:4:45: warning"
run "-L follows it" 1 - "$hc" -q -j 1 -L "$tmp/contained"
expect "the outside file is linted with -L" out "site/web.config:4:18: error"

run "--list-rules" 0 - "$hc" --list-rules
expect "list has HC2002" out "^HC2002  warning  Kernel-mode Windows authentication is disabled"
run "--explain" 0 - "$hc" --explain hc1001
expect "explain has the reference" out "^Reference: https://"
run "--explain an unknown id" 2 "" "$hc" --explain HC9999
explained=0 unexplained=
for id in $("$hc" --list-rules | cut -d' ' -f1); do
	if "$hc" --explain "$id" | grep -q "^$id: "; then
		explained=$((explained + 1))
	else
		unexplained="$unexplained $id"
	fi
done
if [ -z "$unexplained" ] && [ "$explained" -gt 50 ]; then
	echo "ok - --explain works for all $explained rules"; pass=$((pass + 1))
else
	echo "not ok - --explain fails for:$unexplained"; fail=$((fail + 1))
fi
# Inheritance in a walk: a folder's web.config is the parent of those below.
mkdir -p "$tmp/site/inherits" "$tmp/site/fixed" "$tmp/site/own" "$tmp/site/locked"
printf '<configuration>\n  <system.web>\n    <customErrors mode="Off" />\n    <httpCookies requireSSL="true" httpOnlyCookies="true" lockAttributes="requireSSL" />\n  </system.web>\n</configuration>\n' >"$tmp/site/Web.config"
printf '<configuration>\n  <system.web>\n    <pages />\n  </system.web>\n</configuration>\n' >"$tmp/site/inherits/web.config"
printf '<configuration>\n  <system.web>\n    <customErrors mode="RemoteOnly" />\n  </system.web>\n</configuration>\n' >"$tmp/site/fixed/web.config"
printf '<configuration>\n  <system.web>\n    <customErrors mode="Off" />\n  </system.web>\n</configuration>\n' >"$tmp/site/own/web.config"
printf '<configuration>\n  <system.web>\n    <httpCookies requireSSL="true" />\n  </system.web>\n</configuration>\n' >"$tmp/site/locked/web.config"
run "walk: inherited values are reported once, at the parent" 1 - "$hc" -q -j1 "$tmp/site"
expect "the parent's finding" out "site/Web.config:3:19: warning: customErrors"
expect "a sub-folder's own value" out "site/own/web.config:3:19: warning: customErrors"
expect "a locked attribute changed below" out "site/locked/web.config:3:18: error: httpCookies requireSSL is locked by lockAttributes ($tmp/site/Web.config line 4)"
if [ "$(grep -c HC1002 "$tmp/out")" -eq 2 ] && ! grep -q "inherits/\|fixed/" "$tmp/out"; then
	echo "ok - no duplicate for inheriting or fixed sub-folders"; pass=$((pass + 1))
else
	echo "not ok - duplicates in the walk"; sed 's/^/#   /' "$tmp/out"; fail=$((fail + 1))
fi
run "a sub-folder named alone has no parent" 1 - "$hc" -q "$tmp/site/own/web.config"

# --parent: machine.config's retail mode turns findings into notes.
printf '<configuration>\n  <system.web>\n    <deployment retail="true" />\n  </system.web>\n</configuration>\n' >"$tmp/machine.config"
run "--parent machine.config with retail" 0 - "$hc" -q --parent "$tmp/machine.config" "$debug"
expect "debug is a note naming machine.config" out ":4:18: note: compilation debug=\"true\" .*(.*machine.config line 3)"
cp "$tmp/out" "$tmp/retail-named"
run "--parent with standard input: as with the file named" 0 "$(cat "$tmp/retail-named")$nl" \
	sh -c "\"$hc\" -q --parent \"$tmp/machine.config\" --stdin-filename \"$debug\" - < \"$debug\""
run "--parent that does not exist" 2 "" "$hc" -q --parent "$tmp/nope.config" "$debug"
expect "the parent is named" err "nope.config"
run "--transform needs exactly one file" 2 "" "$hc" -q --transform "$tmp/x.config" "$debug" "$clean"
run "--configuration with a path" 2 "" "$hc" -q --configuration ../x "$debug"

# Transforms in a walk: Release applied to Web.config; other configurations
# are read for secrets only; --configuration none lints each on its own.
mkdir -p "$tmp/pub"
printf '<configuration>\n  <system.web>\n    <compilation debug="true" />\n  </system.web>\n</configuration>\n' >"$tmp/pub/Web.config"
printf '<configuration xmlns:xdt="http://schemas.microsoft.com/XML-Document-Transform">\n  <system.web>\n    <compilation xdt:Transform="RemoveAttributes(debug)" />\n    <customErrors mode="Off" xdt:Transform="Insert" />\n  </system.web>\n</configuration>\n' >"$tmp/pub/Web.Release.config"
printf '<configuration xmlns:xdt="http://schemas.microsoft.com/XML-Document-Transform">\n  <connectionStrings>\n    <add name="Main" connectionString="Server=dev;User ID=sa;Password=Debug123!" xdt:Transform="Insert" />\n  </connectionStrings>\n  <system.web>\n    <compilation debug="true" xdt:Transform="SetAttributes(debug)" />\n  </system.web>\n</configuration>\n' >"$tmp/pub/Web.Debug.config"
run "walk: Web.Debug.config is read for secrets only" 1 - "$hc" -q -j1 "$tmp/pub"
expect "its password" out "Web.Debug.config:3:22: error: connection string \"Main\" holds a literal Password"
expect "Release's customErrors, at the transform" out "pub/Web.Release.config:4:19: warning: customErrors mode=\"Off\""
if grep -q "Web.Debug.config:6:" "$tmp/out" || grep -q "Web.config:3:18" "$tmp/out"; then
	echo "not ok - debug reported in a walk"; sed 's/^/#   /' "$tmp/out"; fail=$((fail + 1))
else
	echo "ok - no debug finding: removed by Release, expected in Debug"; pass=$((pass + 1))
fi
run "--configuration Debug applies Web.Debug.config" 1 - "$hc" -q -j1 --configuration Debug "$tmp/pub"
expect "the insert is in the transform" out "Web.Debug.config:6:18: error: compilation debug=\"true\""
run "--configuration none lints each file alone" 1 - "$hc" -q -j1 --configuration none "$tmp/pub"
expect "the base's own debug" out "pub/Web.config:3:18: error: compilation debug=\"true\""
run "--transform for one file" 1 - "$hc" -q --transform "$tmp/pub/Web.Release.config" "$tmp/pub/Web.config"
expect "the transform's finding" out "Web.Release.config:4:19: warning: customErrors"

# Another configuration's transform without its base: secrets only too.
mkdir -p "$tmp/nobase"
cp "$tmp/pub/Web.Debug.config" "$tmp/nobase/Web.Debug.config"
run "walk: Web.Debug.config without a base is read for secrets only" 1 - "$hc" -q -j1 "$tmp/nobase"
expect "  its password" out "^$tmp/nobase/Web.Debug.config:3:22: error: .*\[HC6001\]$"
if [ "$(wc -l <"$tmp/out")" -ne 1 ]; then
	echo "not ok - more than the secret reported"; sed 's/^/#   /' "$tmp/out"; fail=$((fail + 1))
else
	echo "ok - only the secret reported"; pass=$((pass + 1))
fi

# Kinds by name and content: <Configuration> files that are not SSRS's are
# skipped in a walk; IIS Express files are read for secrets only; copies
# kept beside a configuration and applicationHost.xdt are read.
mkdir -p "$tmp/kinds/src/main/resources" "$tmp/kinds/odt" "$tmp/kinds/.vs/App/config" "$tmp/kinds/site"
cp "$data/HC4001/near-log4j2.xml" "$tmp/kinds/src/main/resources/log4j2.xml"
cp "$data/HC4001/near-office-deployment.xml" "$tmp/kinds/odt/configuration.xml"
run "walk: log4j2.xml and an ODT configuration.xml are skipped" 0 "" "$hc" -q -j1 "$tmp/kinds"
printf '<configuration>\n  <system.applicationHost>\n    <sites><site name="App" id="1"><application path="/"><virtualDirectory path="/" physicalPath="C:\\src\\App" userName="dev" password="Fake-Vdir-Pw-1" /></application></site></sites>\n  </system.applicationHost>\n  <system.webServer>\n    <security><isapiCgiRestriction notListedIsapisAllowed="true" notListedCgisAllowed="true" /></security>\n  </system.webServer>\n</configuration>\n' >"$tmp/kinds/.vs/App/config/applicationhost.config"
run "walk: IIS Express in .vs is read for secrets only" 1 - "$hc" -q -j1 "$tmp/kinds"
expect "  its password" out "applicationhost.config:3:.*\[HC6003\]"
if grep -q "HC201[23]" "$tmp/out"; then
	echo "not ok - IIS Express stock settings reported"; sed 's/^/#   /' "$tmp/out"; fail=$((fail + 1))
else
	echo "ok - IIS Express stock settings not reported"; pass=$((pass + 1))
fi
run "--kind apphost reads IIS Express whole" 1 - "$hc" -q -j1 --kind apphost "$tmp/kinds/.vs/App/config/applicationhost.config"
expect "  HC2012" out "\[HC2012\]"
expect "  HC2013" out "\[HC2013\]"
run "--kind iisexpress is a kind" 1 - "$hc" -q -j1 --kind iisexpress "$tmp/kinds/.vs/App/config/applicationhost.config"
rm -r "$tmp/kinds/.vs"
cp "$debug" "$tmp/kinds/site/web.config.template"
printf '<configuration xmlns:xdt="http://schemas.microsoft.com/XML-Document-Transform">\n  <system.webServer>\n    <directoryBrowse enabled="true" xdt:Transform="Insert" />\n  </system.webServer>\n</configuration>\n' >"$tmp/kinds/site/applicationHost.xdt"
cp "$debug" "$tmp/kinds/site/web.config.txt"
run "walk: *.config.template and applicationHost.xdt are read" 1 - "$hc" -q -j1 "$tmp/kinds"
expect "  the template" out "web.config.template:4:18: error: .*\[HC1001\]"
expect "  the xdt" out "applicationHost.xdt:3:.*\[HC2006\]"
if grep -q "web.config.txt" "$tmp/out"; then
	echo "not ok - web.config.txt read"; fail=$((fail + 1))
else
	echo "ok - other suffixes are not read"; pass=$((pass + 1))
fi

# HC1021 (trust level Full, the default) is opt-in.
run "HC1021 is off by default" 0 "" "$hc" -q "$data/HC1021/fires-full-trust.config"
run "  and fires when enabled" 0 - "$hc" -q --enable HC1021 "$data/HC1021/fires-full-trust.config"
expect "  its finding" out "\[HC1021\]"

# Messages quote values as they are written: only control characters are
# escaped (a backslash is a Windows path, not an escape).
mkdir -p "$tmp/quoted"
printf '<configuration>\n  <connectionStrings configSource="Configs\\missing.config" />\n</configuration>\n' >"$tmp/quoted/web.config"
run "messages quote values as written" 1 \
	"$tmp/quoted/web.config:2:22: error: configSource=\"Configs\\missing.config\" names a file that does not exist; the application fails to start with a configuration error [HC0011]$nl" \
	"$hc" -q "$tmp/quoted/web.config"

# A file named inside a <location> before the top level names it is read
# once, in full: twice, its bytes counted twice overran the includes' limit.
mkdir -p "$tmp/include-twice"
printf '<connectionStrings>\n  <add name="Main" connectionString="Server=db;Integrated Security=true" />\n</connectionStrings>\n' >"$tmp/include-twice/cs.config"
printf '<configuration>\n  <location path="admin">\n    <connectionStrings configSource="cs.config" />\n  </location>\n  <connectionStrings configSource="cs.config" />\n</configuration>\n' >"$tmp/include-twice/web.config"
run "an include named in a <location> and at the top level is read once" 0 "" \
	"$hc" -q --no-config --max-file-size 200 "$tmp/include-twice/web.config"

# GitHub annotations: a suppressed finding is a notice, never an error.
run "--format github --show-suppressed: suppressed findings are notices" 0 \
"::notice file=$sup,line=6,col=18,endColumn=30,title=HC1001::compilation debug=\"true\" compiles with debug symbols and disables request timeouts; set debug=\"false\" for production [HC1001] [suppressed]
::notice file=$sup,line=8,col=19,endColumn=29,title=HC1002::customErrors mode=\"Off\" shows detailed ASP.NET errors with stack traces to remote clients; set mode=\"RemoteOnly\" or \"On\" [HC1002] [suppressed]
::notice file=$sup,line=8,col=45,endColumn=68,title=HC1011::httpCookies httpOnlyCookies=\"false\" lets page scripts read the application's cookies, so a cross-site scripting flaw can steal them; set httpOnlyCookies=\"true\" [HC1011] [suppressed]
::notice file=$sup,line=14,col=11,endColumn=31,title=HC2001::<location path=\"mirror\">: httpErrors errorMode=\"Detailed\" sends detailed IIS error pages to remote clients; set errorMode=\"DetailedLocalOnly\" or \"Custom\" [HC2001] [suppressed]
" "$hc" -q --format github --show-suppressed "$sup"

# A suppression of a rule switched off in this run is not "useless".
printf '<configuration>\n  <system.web>\n    <!-- hardconf-disable-next-line HC1001 - a test site -->\n    <compilation debug="true" />\n  </system.web>\n</configuration>\n' >"$tmp/quoted/sup.config"
run "HC0006 ignores a rule turned off with -d" 0 "" "$hc" -q -d HC1001 "$tmp/quoted/sup.config"
sed 's/HC1001 - a test/HC1001,HC1002 - a test/' "$tmp/quoted/sup.config" >"$tmp/quoted/sup2.config"
run "HC0006 still reports a suppression of an enabled rule that silences nothing" 0 \
	"$tmp/quoted/sup2.config:3:5: note: suppression of HC1002 silences nothing here; remove it [HC0006]$nl" \
	"$hc" -q -d HC1001 "$tmp/quoted/sup2.config"

# Options that would do nothing say so, in one line.
run "--transform with a directory" 2 "" "$hc" -q --transform "$tmp/pub" "$tmp/pub/Web.config"
stderr_is "  is one line naming it" "hardconf: --transform: '$tmp/pub' is not a file; name a Web.<configuration>.config$nl"
run "--transform with a file that is not a transform" 2 "" "$hc" -q --transform "$tmp/pub/Web.config" "$tmp/pub/Web.config"
stderr_is "  is one line naming it" "hardconf: --transform: '$tmp/pub/Web.config' is not a web.config transform (no xmlns:xdt=\"http://schemas.microsoft.com/XML-Document-Transform\")$nl"
run "--configuration that matches no transform" 1 - "$hc" -q -j1 --configuration Stagingg "$tmp/pub"
stderr_is "  warns, naming it" "hardconf: warning: --configuration Stagingg: no Web.Stagingg.config found beside any web.config linted$nl"
run "'-' named twice" 2 "" sh -c "\"$hc\" -q - - < \"$debug\""
stderr_is "  is one line" "hardconf: '-' (standard input) is named twice; it can be read once$nl"
run "an unknown option is one line" 2 "" "$hc" --bogus "$debug"
stderr_is "  naming it" "hardconf: unknown option '--bogus' (see hardconf --help)$nl"
run "an option without its value is one line" 2 "" "$hc" "$debug" --kind
stderr_is "  naming it" "hardconf: option '--kind' needs a value (see hardconf --help)$nl"
run "no path is one line" 2 "" "$hc"
stderr_is "  saying so" "hardconf: no path to lint (see hardconf --help)$nl"
mkdir -p "$tmp/empty/sub"
printf 'not xml\n' >"$tmp/empty/sub/notes.txt"
run "a directory with no configuration file" 0 "" "$hc" -q "$tmp/empty"
stderr_is "  gets a warning" "hardconf: warning: $tmp/empty: no configuration file found in it$nl"
mkdir -p "$tmp/unread"
ln -s "$tmp/unread/gone" "$tmp/unread/web.config"
run "a directory whose one configuration file cannot be read" 2 "" "$hc" -q "$tmp/unread"
stderr_is "  gets the error alone" "hardconf: $tmp/unread/web.config: No such file or directory$nl"

# ---- The same verdict however a file arrives ---------------------------
# For every chain fixture: the file named, the file piped with its name,
# and the walk of its folder print the same lines for it.  Server files
# (machine.config, applicationHost.config) are --parent in all three.
same=0 differ=
for manifest in "$data"/chains/*/chain "$data"/HC0010/*/chain "$data"/HC0012/*/chain; do
	dir=${manifest%/chain}
	set -- --root "$dir"
	files= secrets_only=
	while read -r key value; do
		case $key in
		flag) [ "$value" = secrets-only ] && secrets_only=1 ;;
		parent)
			case $value in
			[Ww][Ee][Bb].[Cc][Oo][Nn][Ff][Ii][Gg] | */[Ww][Ee][Bb].[Cc][Oo][Nn][Ff][Ii][Gg]) ;;
			*) set -- "$@" --parent "$dir/$value" ;;
			esac ;;
		site) set -- "$@" --site-path "$value" ;;
		target | transform) files="$files $value" ;;
		esac
	done <"$manifest"
	for f in $files; do
		file="$dir/$f"
		"$hc" -q -j1 --fail-on never "$@" "$file" >"$tmp/named.all"
		st=$?
		"$hc" -q -j1 --fail-on never "$@" --stdin-filename "$file" - <"$file" >"$tmp/piped.all"
		st=$st$?
		"$hc" -q -j1 --fail-on never "$@" "$dir" >"$tmp/walked.all"
		st=$st$?
		for form in named piped walked; do
			grep -F "$file:" "$tmp/$form.all" >"$tmp/$form"
		done
		cat "$tmp/walked" >>"$tmp/walked-lines"
		# Named and piped are the same lint: every line agrees, the
		# includes' and the transform's too.
		# A walk reads another configuration's transform for secrets
		# only, as such a chain says; named, it is linted whole.
		if [ -n "$secrets_only" ]; then
			cp "$tmp/named" "$tmp/walked"
		fi
		if [ "$st" = 000 ] && cmp -s "$tmp/named" "$tmp/walked" &&
			cmp -s "$tmp/piped" "$tmp/walked" && cmp -s "$tmp/named.all" "$tmp/piped.all"; then
			same=$((same + 1))
		else
			differ="$differ $file"
			{ echo "# $file: exit $st; named, piped, walked:"; cat "$tmp/named"; echo "# --"; cat "$tmp/piped"; echo "# --"; cat "$tmp/walked"; } | sed 's/^/#   /'
		fi
	done
done
: >>"$tmp/walked-lines"
if [ -z "$differ" ] && [ "$same" -ge 30 ] && [ "$(wc -l <"$tmp/walked-lines")" -ge 30 ]; then
	echo "ok - named, piped and walked: the same lines for all $same chain fixture files"; pass=$((pass + 1))
else
	echo "not ok - named, piped and walked differ for:$differ ($same the same)"; fail=$((fail + 1))
fi

# The layout of every Visual Studio web project, in a git work tree:
# debug="true" in Web.config, removed by Web.Release.config; a folder below
# changes a locked attribute.
vs="$tmp/vs"
mkdir -p "$vs/Site/admin"
git init -q "$vs" 2>/dev/null || mkdir -p "$vs/.git"
printf '<configuration>\n  <system.web>\n    <compilation debug="true" targetFramework="4.8" />\n    <httpCookies requireSSL="true" httpOnlyCookies="true" lockAttributes="requireSSL" />\n  </system.web>\n</configuration>\n' >"$vs/Site/Web.config"
printf '<?xml version="1.0"?>\n<configuration xmlns:xdt="http://schemas.microsoft.com/XML-Document-Transform">\n  <system.web>\n    <compilation xdt:Transform="RemoveAttributes(debug)" />\n  </system.web>\n</configuration>\n' >"$vs/Site/Web.Release.config"
printf '<configuration>\n  <system.web>\n    <httpCookies requireSSL="true" httpOnlyCookies="true" />\n  </system.web>\n</configuration>\n' >"$vs/Site/admin/web.config"
locked="Site/admin/web.config:3:18: error: httpCookies requireSSL is locked by lockAttributes (Site/Web.config line 4): a file below cannot change it, so this fails with HTTP 500.19 or a configuration error; remove it here or unlock it there [HC0010]$nl"
run "VS layout: the walk" 1 "$locked" sh -c "cd \"$vs\" && \"$hc\" -q Site"
run "VS layout: Web.config named is published through Release" 0 "" \
	sh -c "cd \"$vs\" && \"$hc\" -q Site/Web.config"
run "VS layout: Web.config piped with its name" 0 "" \
	sh -c "cd \"$vs\" && \"$hc\" -q --stdin-filename Site/Web.config - < Site/Web.config"
run "VS layout: the transform named alone is applied to its base" 0 "" \
	sh -c "cd \"$vs\" && \"$hc\" -q Site/Web.Release.config"
run "VS layout: both named, linted once" 0 "" \
	sh -c "cd \"$vs\" && \"$hc\" Site/Web.config Site/Web.Release.config"
expect "one file linted" err "hardconf: 1 file linted, 0 findings"
run "VS layout: files named one by one keep the parent's lock" 1 "$locked" \
	sh -c "cd \"$vs\" && \"$hc\" -q Site/Web.config Site/admin/web.config"
run "VS layout: the sub-folder piped keeps the parent's lock" 1 "$locked" \
	sh -c "cd \"$vs\" && \"$hc\" -q --stdin-filename Site/admin/web.config - < Site/admin/web.config"
run "VS layout: typed from inside the site" 1 \
	"admin/web.config:3:18: error: httpCookies requireSSL is locked by lockAttributes (Web.config line 4): a file below cannot change it, so this fails with HTTP 500.19 or a configuration error; remove it here or unlock it there [HC0010]$nl" \
	sh -c "cd \"$vs/Site\" && \"$hc\" -q admin/web.config"
run "--alone lints just the file" 1 \
	"Site/Web.config:3:18: error: compilation debug=\"true\" compiles with debug symbols and disables request timeouts; set debug=\"false\" for production [HC1001]$nl" \
	sh -c "cd \"$vs\" && \"$hc\" -q --alone Site/Web.config"
run "--alone with standard input" 1 \
	"Site/Web.config:3:18: error: compilation debug=\"true\" compiles with debug symbols and disables request timeouts; set debug=\"false\" for production [HC1001]$nl" \
	sh -c "cd \"$vs\" && \"$hc\" -q --alone --stdin-filename Site/Web.config - < Site/Web.config"
# A .hardconf that says root ends the search for parents below the work tree's top.
printf 'root\n' >"$vs/Site/admin/.hardconf"
run "a .hardconf root: no parents above it" 0 "" sh -c "cd \"$vs\" && \"$hc\" -q Site/admin/web.config"
run "--root wins over the .hardconf root" 1 "$locked" \
	sh -c "cd \"$vs\" && \"$hc\" -q --root . Site/admin/web.config"
rm "$vs/Site/admin/.hardconf"
run "--root that is not a directory" 2 "" "$hc" -q --root "$vs/Site/Web.config" "$vs/Site/Web.config"
expect "one line names it" err "^hardconf: --root: '$vs/Site/Web.config' is not a directory$"
# Standard input's project file is found from the name it is given.
printf 'disable HC1001\n' >"$vs/Site/.hardconf"
run "--stdin-filename finds the project file from its folder" 0 "" \
	sh -c "cd \"$tmp\" && \"$hc\" -q --alone --stdin-filename vs/Site/Web.config - < vs/Site/Web.config"
rm "$vs/Site/.hardconf"

# The editor recipes of README, as shipped in examples/: the VS Code
# matchers take every line, notes as information; the Vim compiler plugin
# lands on the character hardconf names, after a multi-byte character.
notes="$data/HC0006/fires-unknown-and-unused.config"
if command -v python3 >/dev/null 2>&1; then
	"$hc" -q --fail-on never "$notes" "$debug" "$warn_only" >"$tmp/lines"
	run "VS Code problem matchers: one per line, notes kept" 0 \
"1 info HC0006
1 info HC0006
1 info HC0006
1 info HC0006
1 error HC1001
1 warning HC1002
" python3 -c '
import json, re, sys
matchers = json.load(open(sys.argv[1]))["tasks"][0]["problemMatcher"]
for line in open(sys.argv[2]):
    hits = [(m, re.match(m["pattern"]["regexp"], line.rstrip("\n"))) for m in matchers]
    hits = [(m, h) for m, h in hits if h]
    m, h = hits[0]
    p = m["pattern"]
    print(len(hits), h.group(p["severity"]) if "severity" in p else m["severity"],
          h.group(p["code"]))
' examples/vscode-tasks.json "$tmp/lines"
fi
run "README's problem matchers are those of examples/vscode-tasks.json" 0 \
	"$(grep -o '"regexp": "[^"]*"' examples/vscode-tasks.json)$nl" \
	sh -c "grep -o '\"regexp\": \"[^\"]*\"' README.md"
if command -v vim >/dev/null 2>&1; then
	mkdir -p "$tmp/vim/compiler" "$tmp/vim/bin"
	cp examples/hardconf.vim "$tmp/vim/compiler/"
	ln -s "$hc" "$tmp/vim/bin/hardconf"
	printf '<configuration>\n\t<system.web><!-- é --> <compilation debug="true" /></system.web>\n</configuration>\n' >"$tmp/vim/web.config"
	(cd "$tmp/vim" && PATH="$tmp/vim/bin:$PATH" vim -Nu NONE -i NONE -es -c 'set rtp^=.' \
		-c 'edit web.config' -c 'compiler hardconf' -c 'silent make' -c 'cfirst' \
		-c 'call writefile([getqflist()[0].type . " " . col(".") . " " . strpart(getline("."), col(".") - 1, 11)], "pos")' \
		-c 'qa!' >/dev/null 2>&1)
	run "Vim: :make lands on the attribute hardconf names" 0 "e 39 debug=\"true$nl" cat "$tmp/vim/pos"
fi

run "--version" 0 - "$hc" --version
expect "version printed" out "^hardconf [0-9]"
run "--help" 0 - "$hc" --help
run "no path is a usage error" 2 "" "$hc"
run "unknown option is a usage error" 2 "" "$hc" --bogus "$debug"
run "--color always" 1 - "$hc" -q --color always "$debug"
expect "colour codes" out "$(printf '\033')\\[1;31merror:"
run "NO_COLOR wins over auto" 1 - env NO_COLOR=1 "$hc" -q "$debug"
if grep -q "$(printf '\033')" "$tmp/out"; then echo "not ok - NO_COLOR"; fail=$((fail + 1)); else echo "ok - no escape codes"; pass=$((pass + 1)); fi

run "--statistics prints findings per rule on stderr" 1 - "$hc" --statistics "$debug" \
	"$data/HC1001/fires-machine.config" "$warn_only"
stderr_is "--statistics table, most findings first" \
	"rule     severity  count  title
HC1001   error         2  ASP.NET compilation debug is enabled
HC1002   warning       1  ASP.NET custom errors are off: detailed errors reach remote clients
HC1005   note          1  machine.config does not set deployment retail mode
total                  4
hardconf: 3 files linted, 4 findings (2 errors, 1 warning, 1 note)
"
# The pool hands out files in batches: any number of jobs prints what -j1
# prints, in the same order (the fixtures are hundreds of files; a folder
# of three makes batches of one).
"$hc" -j1 --format json "$data" >"$tmp/j1.json" 2>/dev/null
for jobs in 2 3 7; do
	run "-j$jobs prints what -j1 prints, in order" 1 "$(cat "$tmp/j1.json")$nl" \
		"$hc" -j$jobs --format json "$data"
done
"$hc" -j1 "$data/HC1001" >"$tmp/small1" 2>/dev/null
run "-j2 over a few files prints what -j1 prints" 1 "$(cat "$tmp/small1")$nl" "$hc" -j2 "$data/HC1001"

# --parent server files are read once for every file below them, walked or
# named: a hosting provider lints its sites against one applicationHost.config
# (each read it again: 20 sites below a 30 MB one took 17 s and 600 MB).  Its
# <location> for another site weighs nothing here.  The findings are each
# file's as it is linted alone.
mkdir -p "$tmp/host"
cat >"$tmp/host/applicationHost.config" <<'XML'
<configuration>
  <system.webServer>
    <security><authentication><basicAuthentication enabled="true"/></authentication></security>
  </system.webServer>
  <location path="Other Site"><system.webServer><httpErrors errorMode="Detailed"/></system.webServer></location>
</configuration>
XML
for site in a b c d; do
	mkdir -p "$tmp/host/sites/$site"
	cp "$debug" "$tmp/host/sites/$site/web.config"
done
ah="$tmp/host/applicationHost.config"
for site in a b c d; do
	"$hc" -q -j1 --no-config --parent "$ah" "$tmp/host/sites/$site/web.config" 2>/dev/null
done >"$tmp/alone.txt"
if can_trace; then
	for how in "-j1 $tmp/host/sites" "-j2 $tmp/host/sites" \
		"-j1 $(echo "$tmp"/host/sites/*/web.config)" "-j2 $(echo "$tmp"/host/sites/*/web.config)"; do
		# shellcheck disable=SC2086 # the jobs and the paths, split
		run "--parent read once: $(echo "$how" | sed "s|$tmp/||g")" 1 "$(cat "$tmp/alone.txt")$nl" \
			strace -f -qq -e trace=openat -o "$tmp/trace" "$hc" -q --no-config --parent "$ah" $how
		run "  the parent is opened once" 0 "1$nl" grep -c 'applicationHost.config"' "$tmp/trace"
	done
else
	echo "ok - # SKIP strace cannot trace here"
fi

# A web.config given with --parent is the parent of a folder below it however
# it is written: a walk takes it as a file named does (the folder's lock
# holds in sub/; written ./site or absolute, a walk once took it for a
# server file and lost the lock).
mkdir -p "$tmp/pt/site/sub"
cat >"$tmp/pt/site/web.config" <<'XML'
<configuration>
  <location path="sub">
    <system.web><compilation debug="false" lockAttributes="debug" /></system.web>
  </location>
</configuration>
XML
cp "$debug" "$tmp/pt/site/sub/web.config"
for parent in site/web.config ./site/web.config "$tmp/pt/site/web.config"; do
	(cd "$tmp/pt" && "$hc" -q --no-config --parent "$parent" site/sub/web.config) \
		>"$tmp/pt-named" 2>/dev/null
	run "--parent $(echo "$parent" | sed "s|$tmp/||"): walked as named" 1 "$(cat "$tmp/pt-named")$nl" \
		sh -c "cd \"$tmp/pt\" && \"$hc\" -q --no-config --parent \"$parent\" site/sub"
	expect "  the lock holds" out "HC0010"
done

# A --parent that discovery finds too is read once, at its folder's place
# (the folders' order, the transform it is published with): under another
# spelling it was read twice, and its HC0001 reported under both names.
mkdir -p "$tmp/twice/app" "$tmp/twice/.git" # the project root
printf '<configuration>\n  <system.web>\n</configuration>\n' >"$tmp/twice/web.config"
printf '<configuration />\n' >"$tmp/twice/app/web.config"
(cd "$tmp/twice" && "$hc" -q --no-config app/web.config) >"$tmp/twice.txt" 2>/dev/null
run "a malformed parent is reported once" 0 "1$nl" grep -c HC0001 "$tmp/twice.txt"
for parent in web.config ./web.config "$tmp/twice/web.config"; do
	for how in app/web.config app "--stdin-filename app/web.config - <app/web.config"; do
		run "--parent $(echo "$parent" | sed "s|$tmp/||") also found, $how: read once" 1 \
			"$(cat "$tmp/twice.txt")$nl" \
			sh -c "cd \"$tmp/twice\" && \"$hc\" -q --no-config --parent \"$parent\" $how"
	done
done

# A file named is linted with the folders above it up to its project's root,
# whose real paths are told from the folder below when it is no link: its
# folder through a link to a folder two down, the link's real folder is not
# the project root, and the walk up once went past the root to the working
# directory's web.config.
mkdir -p "$tmp/lkp/lk/.git" "$tmp/lkp/lk/other/real/sub"
printf '<configuration>\n  <system.web>\n</configuration>\n' >"$tmp/lkp/web.config"
cat >"$tmp/lkp/lk/web.config" <<'XML'
<configuration>
  <system.web><compilation debug="false" lockAttributes="debug" /></system.web>
</configuration>
XML
cp "$debug" "$tmp/lkp/lk/other/real/sub/web.config"
ln -s other/real "$tmp/lkp/lk/alias"
(cd "$tmp/lkp" && "$hc" -q --no-config lk/other/real/sub/web.config) |
	sed 's|^lk/other/real/|lk/alias/|' >"$tmp/lk.txt"
run "a folder named through a link: the parents up to the root" 1 "$(cat "$tmp/lk.txt")$nl" \
	sh -c "cd \"$tmp/lkp\" && \"$hc\" -q --no-config lk/alias/sub/web.config"
expect "  the lock holds" out "HC0010"
# ... and walking up from a folder d deep costs d stat() calls, not d
# realpath() calls of d readlink() each: a file 60 deep made 2,014
# readlink() calls (one 200 deep took 120 ms), now a realpath() or two.
if can_trace; then
	deep=$tmp/lkp/lk
	for i in $(seq 60); do deep=$deep/d; done
	mkdir -p "$deep"
	printf '<configuration />\n' >"$deep/web.config"
	strace -qq -e trace=readlink -o "$tmp/trace" "$hc" -q --no-config "$deep/web.config" >/dev/null
	traced_at_most "a file named 60 folders deep: a realpath() or two" 200 readlink
	# ... with a .hardconf in every folder, which discovery reads for
	# "root": a realpath() each was d^3 again (a file 250 deep piped: 0.8 s).
	deep=$tmp/lkp/lk/h
	for i in $(seq 60); do
		mkdir -p "$deep"
		printf 'disable HC2019\n' >"$deep/.hardconf"
		deep=$deep/d
	done
	mkdir -p "$deep"
	printf '<configuration />\n' >"$deep/web.config"
	strace -qq -e trace=readlink -o "$tmp/trace" "$hc" -q --no-config \
		--stdin-filename "$deep/web.config" - <"$deep/web.config" >/dev/null
	traced_at_most "  and piped below 60 project files: a realpath() or two" 200 readlink
	# A project file's ignore patterns are matched in each walked folder's
	# real path, known to the walk: not a realpath() of every file (four
	# readlink() calls each here).
	mkdir -p "$tmp/ignoring/.git" "$tmp/ignoring/skip" "$tmp/ignoring/keep"
	printf 'ignore skip/*\n' >"$tmp/ignoring/.hardconf"
	for i in $(seq 40); do
		printf '<configuration />\n' >"$tmp/ignoring/keep/site$i.config"
		printf '<configuration>\n  <system.web>\n    <compilation debug="true" />\n  </system.web>\n</configuration>\n' \
			>"$tmp/ignoring/skip/site$i.config"
	done
	strace -f -qq -e trace=readlink -o "$tmp/trace" "$hc" "$tmp/ignoring" >/dev/null 2>"$tmp/out"
	traced_at_most "a walk with ignore patterns: a few realpath() calls, not one a file" 40 readlink
	expect "  the ignored folder's files are not linted" out "^hardconf: 40 files linted, 0 findings"
	# A file piped with its name is discovered once, as a file named is:
	# one listing of its folder and one of the folder above (the pre-commit
	# hook pipes every staged file; it listed each folder twice).
	mkdir -p "$tmp/hook-tree/.git" "$tmp/hook-tree/site"
	printf '<configuration />\n' >"$tmp/hook-tree/web.config"
	printf '<configuration />\n' >"$tmp/hook-tree/site/web.config"
	strace -f -qq -e trace=openat -o "$tmp/trace" "$hc" -q --no-config \
		--stdin-filename "$tmp/hook-tree/site/web.config" - <"$tmp/hook-tree/site/web.config"
	traced_at_most "a file piped with its name: each folder listed once" 2 O_DIRECTORY
	expect "  its folder among them" trace "hook-tree/site\", O_RDONLY.*O_DIRECTORY"
	# ... and from the project's root, as the git hook pipes it, the root's
	# web.config is above site/ by their names: no realpath() of each
	# folder for every place the parent's scope is asked (9 before, each
	# a getcwd()), and its <location path="site"> still reaches.
	printf '<configuration>\n  <location path="site" allowOverride="false">\n    <system.web>\n      <compilation debug="false" />\n    </system.web>\n  </location>\n</configuration>\n' \
		>"$tmp/hook-tree/web.config"
	printf '<configuration>\n  <system.web>\n    <compilation />\n  </system.web>\n</configuration>\n' \
		>"$tmp/hook-tree/site/web.config"
	(cd "$tmp/hook-tree" && strace -f -qq -e trace=getcwd -o "$tmp/trace" "$hc" -q --no-config \
		--stdin-filename site/web.config - <site/web.config >"$tmp/out")
	traced_at_most "  from the project's root: a realpath() or two" 2 getcwd
	expect "  the root's <location path=\"site\"> reaches it" out "^site/web.config:3:5: .*(web.config line 2).*HC0010"
	# The few small files a hook names are linted on one thread: a second
	# costs about what a small file does.  Many, or a large one, take the
	# pool (one thread per processor: none more on a machine of one).
	mkdir -p "$tmp/pool"
	for i in $(seq 40); do cp "$clean" "$tmp/pool/f$i.config"; done
	# (LeakSanitizer's check at exit starts a thread of its own.)
	ASAN_OPTIONS=detect_leaks=0 strace -f -qq -e trace=clone,clone3 -o "$tmp/trace" "$hc" -q \
		--no-config "$tmp/pool/f1.config" "$tmp/pool/f2.config" "$tmp/pool/f3.config" >/dev/null
	traced_at_most "three small files named: no thread started" 0 clone
	if [ "$(getconf _NPROCESSORS_ONLN)" -gt 1 ]; then
		strace -f -qq -e trace=clone,clone3 -o "$tmp/trace" "$hc" -q --no-config \
			"$tmp"/pool/f*.config >/dev/null
		expect "  forty take the pool" trace "clone"
		head -c $((2 << 20)) /dev/zero | tr '\0' ' ' >"$tmp/pool/spaces"
		{ printf '<configuration>\n'; cat "$tmp/pool/spaces"; printf '</configuration>\n'; } \
			>"$tmp/pool/big.config"
		strace -f -qq -e trace=clone,clone3 -o "$tmp/trace" "$hc" -q --no-config \
			"$tmp/pool/f1.config" "$tmp/pool/big.config" >/dev/null
		expect "  and so do two with 2 MiB between them" trace "clone"
		strace -f -qq -e trace=clone,clone3 -o "$tmp/trace" "$hc" -q --no-config \
			"$tmp/pool" >/dev/null
		expect "  and a walk" trace "clone"
	fi
else
	echo "ok - # SKIP strace cannot trace here"
fi

# A folder written with a doubled slash is not plain: where it lies below a
# parent is asked of realpath(), so a <location path> above still reaches
# it (by the names as written, "site//sub" lay below nothing).
mkdir -p "$tmp/slashes/.git" "$tmp/slashes/site/sub"
printf '<configuration>\n  <location path="site/sub" allowOverride="false">\n    <system.web>\n      <compilation debug="false" />\n    </system.web>\n  </location>\n</configuration>\n' \
	>"$tmp/slashes/web.config"
printf '<configuration />\n' >"$tmp/slashes/site/web.config"
printf '<configuration>\n  <system.web>\n    <compilation />\n  </system.web>\n</configuration>\n' \
	>"$tmp/slashes/site/sub/web.config"
run "a file named with a doubled slash from the project's root" 1 - \
	sh -c "cd \"$tmp/slashes\" && \"$hc\" -q --no-config site//sub/web.config"
expect "  the root's <location path=\"site/sub\"> reaches it" out "HC0010"
printf '<configuration>\n  <location path="sub" allowOverride="false">\n    <system.web>\n      <compilation debug="false" />\n    </system.web>\n  </location>\n</configuration>\n' \
	>"$tmp/slashes/site/web.config"
printf '<configuration />\n' >"$tmp/slashes/web.config"
run "  and below a parent in a folder" 1 - \
	sh -c "cd \"$tmp/slashes\" && \"$hc\" -q --no-config site//sub/web.config"
expect "  site/web.config's <location path=\"sub\"> reaches it" out "HC0010"

# Many project files in one walk: each folder's profile is kept where the
# targets point to it (a table that grew moved them: from 33 .hardconf files
# on, "invalid writer arguments" and no findings; with thousands, a crash).
mkdir -p "$tmp/many/.git"
printf 'root\n' >"$tmp/many/.hardconf"
for i in $(seq 40); do
	mkdir -p "$tmp/many/s$i"
	printf 'disable HC2019\n' >"$tmp/many/s$i/.hardconf"
	cp "$debug" "$tmp/many/s$i/web.config"
done
run "40 project files in a walk" 1 - sh -c "cd \"$tmp/many\" && \"$hc\" -q -j1 ."
cp "$tmp/out" "$tmp/many.txt"
run "  every folder's finding" 0 "40$nl" grep -c HC1001 "$tmp/many.txt"

# A walk of many project folders with no web.config above them lists the
# folders above each folder's web.config once, not once a folder (a root of
# 50 was opened 51 times: quadratic in the folders).
if can_trace; then
	mkdir -p "$tmp/wide/.git"
	for i in $(seq 50); do
		mkdir -p "$tmp/wide/s$i"
		printf '<configuration />\n' >"$tmp/wide/s$i/web.config"
	done
	(cd "$tmp/wide" && strace -f -qq -e trace=openat -o "$tmp/trace" "$hc" -q --no-config -j1 .)
	traced_at_most "50 project folders walked: the root listed once or twice" 2 'AT_FDCWD, "."'
	(cd "$tmp/wide" && strace -f -qq -e trace=openat -o "$tmp/trace" "$hc" -q --no-config -j1 s*/web.config)
	traced_at_most "  and named: each folder listed once" 52 O_DIRECTORY
else
	echo "ok - # SKIP strace cannot trace here"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
