#!/usr/bin/env bash
# Runs README.md's quick-start commands in a bare Debian root: debootstrap
# minbase plus only build-essential and git, as a new user's machine.  A
# machine that already has the packages would hide a missing install step;
# this root has none of them, so the project's own dependency step must
# install each one.
#
# The mirror is the machine's own (its apt sources), never one written here.
# The bare root is cached as a tarball under ${XDG_CACHE_HOME:-$HOME/.cache},
# so later runs only unpack it; the packages the project installs are never
# cached, so every run proves the install step again.
#
# usage: .ci/bare-debian.sh            (as root, from the top of a checkout)
set -euo pipefail
cd "$(dirname "$0")/.."

suite=$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")
cache=${XDG_CACHE_HOME:-$HOME/.cache}/hardconf-ci

# The machine's Debian mirror: the first URI serving $suite itself (not
# -updates or -security), from deb822 .sources files or a sources.list line.
mirror_of_machine() {
	local f
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -r "$f" ] || continue
		awk -v suite="$suite" '
			/^[ \t]*$/ { if (uri != "" && ok) { print uri; exit } uri = ""; ok = 0; next }
			tolower($1) == "uris:" { uri = $2 }
			tolower($1) == "suites:" { for (i = 2; i <= NF; i++) if ($i == suite) ok = 1 }
			END { if (uri != "" && ok) print uri }' "$f"
	done
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -r "$f" ] || continue
		awk -v suite="$suite" '$1 == "deb" {
			n = 2; if ($2 ~ /^\[/) { while ($n !~ /\]$/) n++; n++ }
			if ($(n + 1) == suite) print $n }' "$f"
	done
}
mirror=$(mirror_of_machine | head -n 1)
if [ -z "$mirror" ]; then
	echo "bare-debian: no apt source for $suite found in /etc/apt" >&2
	exit 1
fi

# The cache key: suite, mirror and this recipe's version.
recipe=1
key=$(printf '%s %s %s' "$suite" "$mirror" "$recipe" | sha256sum | cut -c1-12)
tarball=$cache/$suite-minbase-$key.tar.gz

if [ ! -s "$tarball" ]; then
	command -v debootstrap >/dev/null 2>&1 || apt-get install -y -qq debootstrap >/dev/null
	echo "bare-debian: building a bare $suite root (debootstrap minbase + build-essential, git)"
	mkdir -p "$cache"
	build=$(mktemp -d "$cache/root.XXXXXX")
	if ! debootstrap --variant=minbase --include=build-essential,git "$suite" "$build/root" \
		"$mirror" >"$build/debootstrap.log" 2>&1; then
		tail -n 30 "$build/debootstrap.log" >&2
		rm -rf "$build"
		exit 1
	fi
	rm -rf "$build/root/var/cache/apt/archives/"*.deb "$build/root/var/lib/apt/lists/"*
	tar -C "$build/root" -czf "$build/root.tar.gz" .
	mv "$build/root.tar.gz" "$tarball"
	rm -rf "$build"
fi

root=$(mktemp -d /tmp/hardconf-bare.XXXXXX)
cleanup() {
	for m in proc dev/pts dev; do
		mountpoint -q "$root/$m" && umount -l "$root/$m" || true
	done
	rm -rf --one-file-system "$root"
}
trap cleanup EXIT INT TERM
tar -C "$root" -xzf "$tarball"

# What the root must not have: the packages the project has to install.
for pkg in pkg-config libxml2-dev libpcre2-dev check python3 groff-base chromium; do
	if chroot "$root" dpkg-query -W -f '${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed'; then
		echo "bare-debian: the bare root already has $pkg" >&2
		exit 1
	fi
done

# The clean checkout, as git tracks it.
mkdir -p "$root/src"
git ls-files -z | tar --null -T - -cf - | tar -C "$root/src" -xf -
cp /etc/resolv.conf "$root/etc/resolv.conf"
mount -t proc proc "$root/proc"
mount --bind /dev "$root/dev"

# README.md's quick start: the first sh block after "## Quick start".
commands=$(awk '/^## Quick start/ { on = 1; next }
	on && /^```sh/ { block = 1; next }
	block && /^```/ { exit }
	block { print }' README.md)
if [ -z "$commands" ]; then
	echo "bare-debian: no quick-start commands found in README.md" >&2
	exit 1
fi
echo "bare-debian: in a bare $suite root, as root, running README's quick start:"
printf '    %s\n' "$commands"
chroot "$root" /usr/bin/env -i HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \
	/bin/sh -euxc "cd /src
$commands"
echo "bare-debian: the quick start passed in a bare $suite root"
