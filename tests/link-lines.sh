#!/bin/sh
# Every link line keeps -lpthread: glibc before 2.34 has the thread functions
# in libpthread, and the library and the CLI's pool use them.
# usage: tests/link-lines.sh MAKE BUILD-DIR TARGET...
make=$1 build=$2
shift 2
lines=$($make -n -B BUILD="$build" "$@" 2>/dev/null | sed -e :a -e '/\\$/N; s/\\\n//; ta' | grep -E ' -o [^ ]+' | grep -v -e ' -c ' -e '^ar ' \
	-e "objcopy" -e '^ld ' -e '(^| )-r ')
[ -n "$lines" ] || { echo "not ok - no link lines found"; echo "0 passed, 1 failed"; exit 1; }
pass=0 fail=0
while IFS= read -r line; do
	out=$(printf '%s\n' "$line" | sed -n 's/.* -o \([^ ]*\).*/\1/p')
	case " $line " in
	*" -lpthread "*) pass=$((pass + 1)) ;;
	*) echo "not ok - $out is linked without -lpthread"; fail=$((fail + 1)) ;;
	esac
done <<LINES
$lines
LINES
echo "ok - $pass link lines keep -lpthread"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
