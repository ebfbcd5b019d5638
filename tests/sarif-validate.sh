#!/bin/sh
# Validates hardconf's SARIF with Microsoft's SARIF multitool, the validator
# GitHub code scanning's own rules come from: zero errors, zero warnings.
# usage: tests/sarif-validate.sh HARDCONF PATH...
# The multitool is installed by .ci/run (npm install @microsoft/sarif-multitool);
# without it this check is skipped with a message, unless
# HARDCONF_REQUIRE_SARIF=1 (CI sets it), where a missing validator fails.
hc=$1
shift
mt=node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
if [ ! -x "$mt" ]; then
	if [ "${HARDCONF_REQUIRE_SARIF:-0}" = 1 ]; then
		echo "not ok - SARIF validation required (HARDCONF_REQUIRE_SARIF=1), but $mt is missing"
		echo "0 passed, 1 failed"
		exit 1
	fi
	echo "sarif-validate: $mt not found, skipped (npm install --no-save @microsoft/sarif-multitool)"
	exit 0
fi
if ! "$mt" --version >/dev/null 2>&1 && ! "$mt" validate --help >/dev/null 2>&1; then
	echo "not ok - $mt does not run"
	echo "0 passed, 1 failed"
	exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
"$hc" -q --format sarif "$@" >"$tmp/hardconf.sarif"
[ $? -le 1 ] || { echo "sarif-validate: hardconf failed"; exit 1; }
"$mt" validate --rule-kind "Sarif;Gh;Ghas" "$tmp/hardconf.sarif" >"$tmp/out" 2>&1
status=$?
if [ $status -ne 0 ] || grep -E ': (error|warning) ' "$tmp/out"; then
	echo "not ok - SARIF validation (multitool exit $status)"
	sed 's/^/#   /' "$tmp/out" | head -40
	echo "0 passed, 1 failed"
	exit 1
fi
results=$(grep -o '"ruleId"' "$tmp/hardconf.sarif" | wc -l)
echo "ok - SARIF with $results results: no errors or warnings from the multitool"
echo "1 passed, 0 failed"
