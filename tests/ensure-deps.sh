#!/bin/sh
# Makes sure what the build and the tests need is there.  As root on Debian or
# Ubuntu it installs what is missing with apt-get; otherwise it names the
# packages, and stops when the build itself cannot work.
#
# usage: ensure-deps.sh PKG_CONFIG "pkg-config modules" "build packages" "test tools"
#   build packages  Debian packages of the compiler, pkg-config and the modules
#   test tools      "command:package" pairs the tests run (git:git ...)
#
# The libraries a static link pulls in are not named here: they are derived
# from what `pkg-config --static` asks for (tests/install.sh links the
# installed archive that way), each -lNAME the linker cannot find mapped to
# the Debian package that ships it.
pkgconfig=$1 modules=$2 build_packages=$3 tools=$4
cc=${CC:-cc}

# The Debian package that ships lib$1 for linking.
package_of_lib() {
	case $1 in
	m | rt | pthread | dl | c) echo libc6-dev ;;
	z) echo zlib1g-dev ;;
	lzma) echo liblzma-dev ;;
	icu*) echo libicu-dev ;;
	xml2) echo libxml2-dev ;;
	pcre2-*) echo libpcre2-dev ;;
	check | check_pic) echo check ;;
	subunit) echo libsubunit-dev ;;
	*) echo "unknown-package-for-lib$1" ;;
	esac
}

# A library the linker finds, static or shared.
linkable() {
	for suffix in so a; do
		case $("$cc" -print-file-name="lib$1.$suffix" 2>/dev/null) in
		/*) return 0 ;;
		esac
	done
	return 1
}

# Sets build_missing, link_missing, tools_missing (package names).
survey() {
	build_missing= link_missing= tools_missing=
	command -v "$cc" >/dev/null 2>&1 || build_missing="$build_packages"
	if command -v "$pkgconfig" >/dev/null 2>&1; then
		for m in $modules; do
			"$pkgconfig" --exists "$m" || build_missing="$build_packages"
		done
	else
		build_missing="$build_packages"
	fi
	if [ -z "$build_missing" ]; then
		for word in $("$pkgconfig" --static --libs-only-l $modules); do
			lib=${word#-l}
			linkable "$lib" || link_missing="$link_missing $(package_of_lib "$lib")"
		done
	fi
	for pair in $tools; do
		command -v "${pair%%:*}" >/dev/null 2>&1 || tools_missing="$tools_missing ${pair#*:}"
	done
}

survey
[ -z "$build_missing$link_missing$tools_missing" ] && exit 0

# Sorted, unique package names of what survey found missing.
wanted() {
	echo $build_missing $link_missing $tools_missing | tr ' ' '\n' | sort -u | tr '\n' ' '
}

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq || true
	# Twice at most: what a static link needs is known only once the
	# modules' .pc files are installed.
	for round in 1 2; do
		echo "hardconf: installing missing packages: $(wanted)" >&2
		if ! apt-get install -y -qq --no-install-recommends $(wanted) >&2; then
			echo "hardconf: apt-get install failed" >&2
			exit 1
		fi
		survey
		[ -z "$build_missing$link_missing$tools_missing" ] && exit 0
	done
	echo "hardconf: still missing after apt-get: $(wanted)" >&2
	exit 1
fi
if [ -n "$build_missing" ]; then
	echo "hardconf: missing build dependencies; install them with:" >&2
	echo "    sudo apt-get install -y $(wanted)" >&2
	exit 1
fi
echo "hardconf: make check also needs:$link_missing$tools_missing" >&2
echo "hardconf: install them with: sudo apt-get install -y$link_missing$tools_missing" >&2
exit 0
