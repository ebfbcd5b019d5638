#!/bin/sh
# Makes sure the build dependencies are there: installs them with apt-get when
# running as root on Debian/Ubuntu, otherwise stops and names the packages.
# usage: ensure-deps.sh PKG_CONFIG "pkg-config modules" "Debian packages"
pkgconfig=$1 modules=$2 packages=$3

missing=
command -v cc >/dev/null 2>&1 || missing="$missing cc"
if command -v "$pkgconfig" >/dev/null 2>&1; then
	for m in $modules; do
		"$pkgconfig" --exists "$m" || missing="$missing $m"
	done
else
	missing="$missing $pkgconfig"
fi
[ -z "$missing" ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "hardconf: missing build dependencies:$missing; installing $packages" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq || true
	apt-get install -y -qq $packages >&2 && exit 0
	echo "hardconf: apt-get install failed" >&2
	exit 1
fi
echo "hardconf: missing build dependencies:$missing" >&2
echo "hardconf: install them with: sudo apt-get install -y $packages" >&2
exit 1
