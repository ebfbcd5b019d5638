#!/bin/sh
# The example pre-commit hook in a real repository: a web.config with
# debug="true" is refused, a clean one goes through.
# usage: tests/git-hook.sh BUILD/hardconf
hc=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
hook=$(pwd)/examples/pre-commit
pass=0 fail=0
command -v git >/dev/null 2>&1 || { echo "git-hook: git not found, skipped"; echo "0 passed, 0 failed"; exit 0; }
repo=$(mktemp -d)
trap 'rm -rf "$repo"' EXIT INT TERM
cd "$repo" || exit 1
git init -q .
git config user.email test@example.com
git config user.name test
git config commit.gpgsign false
cp "$hook" .git/hooks/pre-commit
export HARDCONF="$hc"

check() {
	if [ "$1" = "$2" ]; then
		echo "ok - $3"; pass=$((pass + 1))
	else
		echo "not ok - $3 (exit $2, expected $1)"; sed 's/^/#   /' "$repo/.out"; fail=$((fail + 1))
	fi
}

printf '<configuration><system.web><compilation debug="true"/></system.web></configuration>\n' >Web.config
git add Web.config
git commit -q -m bad >"$repo/.out" 2>&1
check 1 $? "a staged Web.config with debug=\"true\" is refused"
grep -q 'Web.config:1:41: error: .*\[HC1001\]' "$repo/.out" && check 0 0 "the finding names the file and position" ||
	check 0 1 "the finding names the file and position"

printf '<configuration><system.web><compilation debug="false"/></system.web></configuration>\n' >Web.config
git add Web.config
git commit -q -m good >"$repo/.out" 2>&1
check 0 $? "a clean Web.config goes through"

# The hook reads the index: a bad working copy of a clean staged file passes.
printf '<configuration><system.web><compilation debug="true"/></system.web></configuration>\n' >Web.config
printf 'notes\n' >README
git add README
git commit -q -m readme >"$repo/.out" 2>&1
check 0 $? "only what is staged is linted"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
