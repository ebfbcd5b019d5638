#!/bin/sh
# The fixes: on testdata/fix (a finding of every rule with a fix, in LF,
# CRLF and UTF-16 files and a transform), `hardconf --format diff | git apply`
# and `hardconf --fix` each leave none of the fixed findings, change no byte
# but the edits (checked against the edits the JSON names), keep BOMs, line
# endings and modes; a second --fix is a no-op; --fix writes nothing outside
# the paths named.
# usage: tests/fix.sh BUILD/hardconf TESTDATA/fix
hc=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
fixtures=$(cd "$2" && pwd)
settings=$(cd "$(dirname "$0")/.." && pwd)/lib/rules/settings.def
pass=0 fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

ok() { echo "ok - $1"; pass=$((pass + 1)); }
not_ok() { echo "not ok - $1"; [ -f "$2" ] && sed 's/^/#   /' "$2"; fail=$((fail + 1)); }
check() { # check NAME FILE-FOR-DETAILS command...
	name=$1 details=$2
	shift 2
	if "$@"; then ok "$name"; else not_ok "$name" "$details"; fi
}

command -v git >/dev/null 2>&1 || { echo "not ok - git is needed"; exit 1; }

# The tree as the tests use it: crlf/ with CRLF line endings, bom/ with a
# UTF-8 BOM, utf16/ as UTF-16LE with a BOM and CRLF.
make_tree() {
	mkdir -p "$1"
	cp -R "$fixtures"/. "$1"
	rm -f "$1/README"
	sed 's/$/\r/' "$fixtures/crlf/web.config" >"$1/crlf/web.config"
	{
		printf '\357\273\277'
		cat "$fixtures/bom/web.config"
	} >"$1/bom/web.config"
	{
		printf '\377\376'
		sed 's/$/\r/' "$fixtures/utf16/web.config" | iconv -f UTF-8 -t UTF-16LE
	} >"$1/utf16/web.config"
	chmod 640 "$1/plain/web.config"
}

# Findings that carry a fix, one line each (file, rule, line), of the tree in $1.
fixable() {
	(cd "$1" && "$hc" -q --fail-on never --format json .) >"$tmp/lint.json" 2>"$tmp/lint.err" || return 1
	python3 -c '
import json, sys
for f in json.load(open(sys.argv[1]))["findings"]:
    if f["fix"]:
        print(f["file"].removeprefix("./"), f["id"], f["line"])
' "$tmp/lint.json"
}

if ! command -v python3 >/dev/null 2>&1 || ! command -v iconv >/dev/null 2>&1; then
	echo "not ok - python3 and iconv are needed"
	exit 1
fi

make_tree "$tmp/orig"
(cd "$tmp/orig" && git init -q && git add . && git -c user.name=t -c user.email=t@t commit -qm fixtures)
(cd "$tmp/orig" && "$hc" -q --fail-on never --format json .) >"$tmp/orig.json"

# Every rule with a fix in settings.def has a fixed finding here.
fixable "$tmp/orig" | sort >"$tmp/before"
missing=
for id in $(sed -n 's/^SETTING(\(HC[0-9]*\),.*/\1/p' "$settings" | sort -u); do
	grep -q " $id " "$tmp/before" || missing="$missing $id"
done
check "the fixtures hold a fixed finding of every rule with a fix${missing:+ (missing:$missing)}" \
	"$tmp/before" test -z "$missing"
check "the UTF-16 and CRLF files and the transform have fixes" "$tmp/before" \
	sh -c "grep -q '^utf16/web.config ' '$tmp/before' && grep -q '^crlf/web.config ' '$tmp/before' &&
		grep -q '^transform/Web.Release.config HC1001 ' '$tmp/before'"

# Family code's fixes: a pool's identity, but not a Dynamics 365 pool's,
# whose domain account a person has to choose.
python3 - "$tmp/orig.json" >"$tmp/pools.out" 2>&1 <<'EOF'
import json, sys
fixes = {(f["id"], f["line"]): f["fix"] and f["fix"]["description"]
         for f in json.load(open(sys.argv[1]))["findings"] if f["file"].endswith("applicationHost.config")}
want = {("HC2003", 6): 'set identityType="ApplicationPoolIdentity"', ("HC2003", 9): None,
        ("HC2004", 12): 'set identityType="ApplicationPoolIdentity"'}
bad = [f"{k}: {fixes.get(k, 'no finding')!r}, expected {v!r}" for k, v in want.items() if fixes.get(k, 0) != v]
print("\n".join(bad))
sys.exit(1 if bad else 0)
EOF
check "pools get ApplicationPoolIdentity, Dynamics 365's pools no fix" "$tmp/pools.out" test $? -eq 0

# --format diff, then git apply.
cp -R "$tmp/orig" "$tmp/diffed"
(cd "$tmp/diffed" && "$hc" -q --fail-on never --format diff .) >"$tmp/fixes.diff" 2>"$tmp/diff.err"
check "--format diff names the UTF-16 file on stderr" "$tmp/diff.err" \
	grep -q '^hardconf: ./utf16/web.config: UTF-16LE' "$tmp/diff.err"
check "--format diff leaves the UTF-16 file out" "$tmp/fixes.diff" \
	sh -c "! grep -q 'utf16' '$tmp/fixes.diff'"
check "git apply takes the diff" "$tmp/fixes.diff" \
	sh -c "cd '$tmp/diffed' && git apply --check '$tmp/fixes.diff' 2>'$tmp/apply.err' &&
		git apply '$tmp/fixes.diff'"
fixable "$tmp/diffed" >"$tmp/after-diff"
check "after git apply only the UTF-16 file's fixes remain" "$tmp/after-diff" \
	sh -c "! grep -v '^utf16/' '$tmp/after-diff' | grep -q ."
(cd "$tmp/orig" && "$hc" -q --fail-on never --format diff "$tmp/orig") >"$tmp/abs.diff" 2>"$tmp/abs.err"
check "--format diff names files given by absolute path relative to the working directory" \
	"$tmp/abs.err" cmp -s "$tmp/abs.diff" "$tmp/fixes.diff"
if command -v patch >/dev/null 2>&1; then
	cp -R "$tmp/orig" "$tmp/patched"
	check "patch -p1 takes the diff" "$tmp/fixes.diff" \
		sh -c "cd '$tmp/patched' && patch -s -p1 <'$tmp/fixes.diff' >/dev/null"
	check "patch -p1 and git apply agree" "$tmp/fixes.diff" \
		diff -r -x .git "$tmp/patched" "$tmp/diffed"
else
	echo "ok - patch -p1 # SKIP patch is not installed"
fi

# --fix.
cp -R "$tmp/orig" "$tmp/fixed"
(cd "$tmp/fixed" && "$hc" --fail-on never --fix .) >/dev/null 2>"$tmp/fix.err"
check "--fix says what it changed" "$tmp/fix.err" \
	sh -c "grep -q '^hardconf: fixed ./transform/Web.Release.config:4:[0-9]*: set debug=\"false\" \[HC1001\]' '$tmp/fix.err' &&
		grep -q '^hardconf: --fix: $(wc -l <"$tmp/before" | tr -d ' ') fixes written in 7 files' '$tmp/fix.err'"
fixable "$tmp/fixed" >"$tmp/after-fix"
check "after --fix no fixed finding remains" "$tmp/after-fix" test ! -s "$tmp/after-fix"
check "--fix keeps the mode" "$tmp/fix.err" \
	sh -c "[ \"\$(stat -c %a '$tmp/fixed/plain/web.config')\" = 640 ]"
check "--fix leaves no temporary file" "$tmp/fix.err" \
	sh -c "! find '$tmp/fixed' -name '.hardconf-fix-*' | grep -q ."
check "the transform's value is fixed in the transform, the base untouched" "$tmp/fix.err" \
	sh -c "cmp -s '$tmp/orig/transform/Web.config' '$tmp/fixed/transform/Web.config' &&
		grep -q 'debug=\"false\" xdt:Transform' '$tmp/fixed/transform/Web.Release.config'"

# Byte for byte: each file is the original with exactly the JSON's edits,
# and each edit is a value, or a whole attribute with the space before it
# (or after it, when it starts a line that goes on).
python3 - "$tmp/orig.json" "$tmp/orig" "$tmp/fixed" >"$tmp/bytes.out" 2>&1 <<'EOF'
import json, os, re, sys
findings = json.load(open(sys.argv[1]))["findings"]
orig, fixed = sys.argv[2], sys.argv[3]
edits = {}
for f in findings:
    if f["fix"]:
        for e in f["fix"]["edits"]:
            edits.setdefault(f["file"].removeprefix("./"), set()).add((e["offset"], e["length"], e["text"], f["fix"]["encoding"]))
bad = 0
for root, dirs, files in os.walk(orig):
    dirs[:] = [d for d in dirs if d != ".git"]
    for fn in files:
        rel = os.path.relpath(os.path.join(root, fn), orig)
        data = open(os.path.join(orig, rel), "rb").read()
        want = bytearray(data)
        for off, length, text, enc in sorted(edits.get(rel, ()), reverse=True):
            old = data[off:off + length]
            codec = {"UTF-8": "utf-8", "UTF-16LE": "utf-16-le", "UTF-16BE": "utf-16-be"}[enc]
            old_text = old.decode(codec)
            if text == "":
                attr = r"[\w:.]+\s*=\s*(\"[^\"]*\"|'[^']*')"
                if not (re.fullmatch(r"\s+" + attr, old_text) or re.fullmatch(attr + r"[ \t]+", old_text)):
                    print(f"{rel}: removal of {old_text!r} is not one attribute"); bad += 1
            elif re.search(r"[\"'=<>]", old_text):
                print(f"{rel}: edit of {old_text!r} is not a value"); bad += 1
            want[off:off + length] = text.encode(codec)
        got = open(os.path.join(fixed, rel), "rb").read()
        if got != bytes(want):
            print(f"{rel}: the bytes differ from the original with its edits"); bad += 1
        if data[:3] == b"\xef\xbb\xbf" and got[:3] != b"\xef\xbb\xbf":
            print(f"{rel}: BOM lost"); bad += 1
        if data[:2] == b"\xff\xfe" and got[:2] != b"\xff\xfe":
            print(f"{rel}: BOM lost"); bad += 1
        if data.count(b"\r\n") != got.count(b"\r\n") and b"\r\x00\n" not in data:
            print(f"{rel}: line endings changed"); bad += 1
sys.exit(1 if bad else 0)
EOF
check "--fix changes exactly the edits, keeping BOMs and line endings" "$tmp/bytes.out" \
	test $? -eq 0
check "the CRLF file still has CRLF only" "$tmp/fix.err" \
	sh -c "[ \"\$(grep -c \"\$(printf '\r')\$\" '$tmp/fixed/crlf/web.config')\" = \"\$(wc -l <'$tmp/fixed/crlf/web.config' | tr -d ' ')\" ]"

# git apply then --fix for UTF-16 is the same tree as --fix alone.
(cd "$tmp/diffed" && "$hc" -q --fail-on never --fix .) >/dev/null 2>&1
check "git apply then --fix equals --fix" "$tmp/fix.err" diff -r -x .git "$tmp/diffed" "$tmp/fixed"

# A second --fix is a no-op.
(cd "$tmp/fixed" && git add -A && git -c user.name=t -c user.email=t@t commit -qm fixed)
(cd "$tmp/fixed" && "$hc" --fail-on never --fix .) >/dev/null 2>"$tmp/fix2.err"
check "a second --fix writes nothing" "$tmp/fix2.err" \
	sh -c "grep -q '^hardconf: --fix: 0 fixes written in 0 files' '$tmp/fix2.err' &&
		[ -z \"\$(cd '$tmp/fixed' && git status --porcelain)\" ]"

# A file that changed since it was linted is refused: standard input named
# as a file whose content is not what was read.
mkdir -p "$tmp/changed"
cp "$fixtures/crlf/web.config" "$tmp/changed/web.config"
cp "$tmp/changed/web.config" "$tmp/changed.before"
sed 's/<configuration>/<configuration><!-- an edit -->/' "$fixtures/crlf/web.config" |
	(cd "$tmp/changed" && "$hc" -q --fail-on never --fix --stdin-filename web.config -) \
		>/dev/null 2>"$tmp/changed.err"
status=$?
check "--fix refuses a file that changed since it was linted" "$tmp/changed.err" \
	sh -c "[ $status -eq 2 ] && grep -q 'web.config: not fixed: it changed since it was linted' '$tmp/changed.err' &&
		cmp -s '$tmp/changed/web.config' '$tmp/changed.before'"
# The same bytes on standard input are the file's: fixed.
(cd "$tmp/changed" && "$hc" -q --fail-on never --fix --stdin-filename web.config - <web.config) \
	>/dev/null 2>"$tmp/same.err"
check "--fix fixes a file named for standard input when it holds what was read" "$tmp/same.err" \
	grep -q 'debug="false"' "$tmp/changed/web.config"

# SARIF fixes of every kind of file validate (UTF-16 too), when the
# multitool is installed (tests/sarif-validate.sh says when it is not).
if [ -x node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool ]; then
	sh "$(dirname "$0")/sarif-validate.sh" "$hc" "$tmp/orig" >"$tmp/sarif.out" 2>&1
	check "SARIF with the fixes of every file validates" "$tmp/sarif.out" \
		grep -q '^ok - SARIF' "$tmp/sarif.out"
fi

# A suppressed finding is not fixed, nor a baselined one.
mkdir -p "$tmp/kept"
cat >"$tmp/kept/web.config" <<'EOF'
<configuration>
  <system.web>
    <!-- hardconf-disable-next-line HC1001: a test site, never deployed -->
    <compilation debug="true" />
    <customErrors mode="Off" />
  </system.web>
</configuration>
EOF
cp "$tmp/kept/web.config" "$tmp/kept.before"
(cd "$tmp/kept" && "$hc" -q --fail-on never --format json .) >"$tmp/kept.json"
(cd "$tmp/kept" && "$hc" -q --fail-on never --baseline "$tmp/kept.json" --format diff .) \
	>"$tmp/kept.diff" 2>&1
(cd "$tmp/kept" && "$hc" -q --fail-on never --baseline "$tmp/kept.json" --fix .) >/dev/null 2>&1
check "suppressed and baselined findings are not fixed" "$tmp/kept.diff" \
	sh -c "[ ! -s '$tmp/kept.diff' ] && cmp -s '$tmp/kept/web.config' '$tmp/kept.before'"
(cd "$tmp/kept" && "$hc" -q --fail-on never --format diff .) >"$tmp/kept.diff" 2>&1
check "without the baseline, only the suppressed one is left" "$tmp/kept.diff" \
	sh -c "grep -q '^+    <customErrors mode=\"RemoteOnly\" />' '$tmp/kept.diff' &&
		! grep -q '^+.*debug=' '$tmp/kept.diff'"

# Never through a symbolic link leading out of the tree.
mkdir -p "$tmp/outside" "$tmp/linked/site"
cp "$fixtures/transform/Web.Release.config" "$tmp/outside/web.config"
sed 's/debug="false"/debug="true"/' "$fixtures/transform/Web.config" >"$tmp/outside/web.config"
ln -s "$tmp/outside/web.config" "$tmp/linked/site/web.config"
cp "$tmp/outside/web.config" "$tmp/outside.before"
(cd "$tmp/linked" && "$hc" -q --fail-on never --fix site/web.config) >/dev/null 2>"$tmp/link.err"
status=$?
check "--fix refuses a file a symbolic link leads to outside the tree" "$tmp/link.err" \
	sh -c "[ $status -eq 2 ] && grep -q 'outside the paths named' '$tmp/link.err' &&
		cmp -s '$tmp/outside/web.config' '$tmp/outside.before'"

# A fix on a line wider than the 8 KiB of lines kept around a finding is
# still written; past 64 KiB it is named on stderr, not dropped unsaid.
mkdir -p "$tmp/wide"
for n in 9000 70000; do
	pad=$(head -c "$n" /dev/zero | tr '\0' x)
	printf '<configuration>\n  <system.web>\n    <compilation debug="true" tempDirectory="%s" />\n  </system.web>\n</configuration>\n' \
		"$pad" >"$tmp/wide/$n.config"
done
(cd "$tmp/wide" && "$hc" --no-config --fail-on never --fix 9000.config 70000.config) \
	>/dev/null 2>"$tmp/wide.err"
check "--fix writes a fix on a 9,000-byte line" "$tmp/wide.err" \
	sh -c "grep -q 'fixed 9000.config:3:18: set debug=\"false\"' '$tmp/wide.err' &&
		grep -q 'debug=\"false\"' '$tmp/wide/9000.config'"
check "a fix on a 70,000-byte line is named as left out" "$tmp/wide.err" \
	sh -c "grep -q '^hardconf: 70000.config:3:18: \[HC1001\] its fix is left out: its lines are too long' '$tmp/wide.err' &&
		grep -q 'debug=\"true\"' '$tmp/wide/70000.config'"

# A large file is fixed a piece at a time: 66 MB fixed within 100 MB of
# address space (the whole file was read, then built again in memory).
mkdir -p "$tmp/large"
{
	printf '<configuration>\n  <system.web>\n    <compilation debug="true" />\n  </system.web>\n'
	yes '  <!-- padding padding padding padding padding padding padding -->' | head -n 1000000
	printf '</configuration>\n'
} >"$tmp/large/web.config"
(cd "$tmp/large" && ulimit -v 100000 && "$hc" --no-config --fail-on never --fix web.config) \
	>/dev/null 2>"$tmp/large.err"
check "--fix fixes a 66 MB file in 100 MB of address space" "$tmp/large.err" \
	sh -c "grep -q 'fixed web.config:3:18' '$tmp/large.err' &&
		sed -n 3p '$tmp/large/web.config' | grep -q 'debug=\"false\"' &&
		[ \$(wc -l <'$tmp/large/web.config') -eq 1000005 ]"

echo "# fix: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
