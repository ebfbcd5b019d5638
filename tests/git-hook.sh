#!/bin/sh
# The pre-commit hooks in a real repository, each in a scratch one:
# examples/pre-commit, and the hook printed in hardconf(1)'s EXAMPLES (taken
# from the page, so that the documentation is what is tested).  What is
# staged is what is linted, names come NUL-separated (a non-ASCII or spaced
# path), in any letter case, and a web.config is linted with its transform.
# usage: tests/git-hook.sh BUILD/hardconf
hc=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
top=$(pwd)
pass=0 fail=0
command -v git >/dev/null 2>&1 || { echo "git-hook: git not found, skipped"; echo "0 passed, 0 failed"; exit 0; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

# The hook of hardconf(1): the example after "A Git pre-commit hook", with
# roff's escapes undone; hardconf is found on PATH.
mkdir -p "$work/bin"
ln -s "$hc" "$work/bin/hardconf"
awk '/^A Git pre-commit hook/ { found = 1 } found && /^\.EX/ { on = 1; next }
	on && /^\.EE/ { exit } on { print }' "$top/man/hardconf.1" |
	sed -e 's/\\-/-/g' -e "s/\\\\(aq/'/g" -e 's/\\(dq/"/g' -e 's/\\e/\\/g' >"$work/man-hook"
PATH="$work/bin:$PATH"
export PATH HARDCONF="$hc"

debug='<configuration><system.web><compilation debug="true"/></system.web></configuration>'
fine='<configuration><system.web><compilation debug="false"/></system.web></configuration>'
release='<configuration xmlns:xdt="http://schemas.microsoft.com/XML-Document-Transform"><system.web><compilation xdt:Transform="RemoveAttributes(debug)"/></system.web></configuration>'
keeps='<configuration xmlns:xdt="http://schemas.microsoft.com/XML-Document-Transform"><system.web><customErrors mode="RemoteOnly" xdt:Transform="Insert"/></system.web></configuration>'
finding='1:41: error: compilation debug="true" compiles with debug symbols and disables request timeouts; set debug="false" for production [HC1001]'

# commit EXPECTED_STATUS NAME: commits what is staged; the status is 0 when
# the hook let it through
commit() {
	git commit -q -m "$2" >"$work/out" 2>&1
	got=$?
	[ "$got" -eq 0 ] || got=1
	if [ "$got" = "$1" ]; then
		echo "ok - $hook: $2"; pass=$((pass + 1))
	else
		echo "not ok - $hook: $2 (commit status $got, expected $1)"; sed 's/^/#   /' "$work/out"; fail=$((fail + 1))
	fi
}

# says LINE: the hook's output of the last commit has exactly this line
says() {
	if grep -qxF "$1" "$work/out"; then
		echo "ok - $hook:   it says $1" | cut -c1-120; pass=$((pass + 1))
	else
		echo "not ok - $hook: no line '$1'"; sed 's/^/#   /' "$work/out"; fail=$((fail + 1))
	fi
}

for hook in examples/pre-commit man-page; do
	repo="$work/repo-${hook%%/*}"
	mkdir -p "$repo"
	cd "$repo" || exit 1
	git init -q .
	git config user.email test@example.com
	git config user.name test
	git config commit.gpgsign false
	if [ "$hook" = man-page ]; then
		cp "$work/man-hook" .git/hooks/pre-commit
	else
		cp "$top/$hook" .git/hooks/pre-commit
	fi
	chmod +x .git/hooks/pre-commit

	printf '%s\n' "$debug" >Web.config
	git add Web.config
	commit 1 "a staged Web.config with debug=\"true\" is refused"
	says "Web.config:$finding"
	printf '%s\n' "$fine" >Web.config
	git add Web.config
	commit 0 "a clean Web.config goes through"

	# The index is what is linted, not the working tree, both ways.
	printf '%s\n' "$debug" >Web.config
	printf 'notes\n' >README
	git add README
	commit 0 "a bad working copy of a clean staged file goes through"
	git add Web.config
	printf '%s\n<!-- fixed -->\n' "$fine" >Web.config
	commit 1 "a bad staged copy of a clean working file is refused"
	says "Web.config:$finding"
	git add Web.config
	commit 0 "  and goes through once the fix is staged"

	# Names git would quote, split or that differ in case.
	mkdir -p "Sité" "My Site" Upper
	printf '%s\n' "$debug" >"Sité/web.config"
	git add "Sité/web.config"
	commit 1 "a non-ASCII path is linted"
	says "Sité/web.config:$finding"
	git rm -q --cached "Sité/web.config"
	printf '%s\n' "$debug" >"My Site/web.config"
	git add "My Site/web.config"
	commit 1 "a path with a space is linted"
	says "My Site/web.config:$finding"
	git rm -q --cached "My Site/web.config"
	printf '%s\n' "$debug" >Upper/WEB.CONFIG
	git add Upper/WEB.CONFIG
	commit 1 "WEB.CONFIG is linted"
	says "Upper/WEB.CONFIG:$finding"
	git rm -q --cached Upper/WEB.CONFIG
	rm -rf "Sité" "My Site" Upper

	# The layout of a Visual Studio project: Release removes debug.
	mkdir -p Site
	printf '%s\n' "$debug" >Site/Web.config
	printf '%s\n' "$release" >Site/Web.Release.config
	git add Site
	commit 0 "a Web.config published through its Web.Release.config goes through"
	printf '%s\n' "$keeps" >Site/Web.Release.config
	git add Site/Web.Release.config
	commit 1 "a staged transform that keeps debug is refused"
	says "Site/Web.config:$finding"
	cd "$top" || exit 1
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
