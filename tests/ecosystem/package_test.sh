#!/usr/bin/env bash
# `make package` (CPack) must give a .deb holding the binary, the man page, the bash completion,
# the license and the library, and depending on the package of every shared library the binary
# links (found here independently: the binary's NEEDED entries, then dpkg -S for their owners).
set -euo pipefail
build=$1 cpack=$2
command -v dpkg-deb >/dev/null || { echo "dpkg-deb missing: skipped"; exit 0; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$build" && "$cpack" -G DEB -B "$tmp" >"$tmp/cpack.log" 2>&1) || { cat "$tmp/cpack.log"; exit 1; }
deb=$(ls "$tmp"/*.deb)
dpkg-deb -c "$deb" | awk '{print $NF}' >"$tmp/contents"
for f in ./usr/bin/nnact ./usr/share/man/man1/nnact.1.gz ./usr/share/bash-completion/completions/nnact \
         ./usr/share/doc/nnact/copyright ./usr/include/nnact/ops.hpp ./usr/lib/libnnact.a \
         ./usr/lib/cmake/nnact/nnactConfig.cmake ./usr/lib/pkgconfig/nnact.pc; do
  grep -qx "$f" "$tmp/contents" || { echo "missing from $deb: $f"; cat "$tmp/contents"; exit 1; }
done
[ "$(dpkg-deb -f "$deb" Package)" = nnact ] || { echo "package name is not nnact"; exit 1; }
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
dpkg-deb -x "$deb" "$tmp/root"
for lib in $(objdump -p "$tmp/root/usr/bin/nnact" | awk '/NEEDED/ {print $2}'); do
  path=$(ldconfig -p | awk -v l="$lib" '$1 == l && !seen {print $NF; seen = 1}')
  owner=$(dpkg -S "$(readlink -f "$path")" 2>/dev/null | sed -n '1s/:.*//p') || true
  [ -n "$owner" ] || owner=$(dpkg -S "$path" | sed -n '1s/:.*//p')
  # Depends may name the owner or a virtual package it provides (libspdlog1.10-fmt9).
  names="$owner $(dpkg-query -W -f='${Provides}' "$owner" | sed 's/ ([^)]*)//g; s/,/ /g')"
  found=no
  for name in $names; do
    for dep in $(sed 's/ ([^)]*)//g; s/[,|]/ /g' <<<"$depends"); do [ "$dep" = "$name" ] && found=yes; done
  done
  [ $found = yes ] || { echo "$lib ($names) is not in Depends: $depends"; exit 1; }
done
gzip -dc "$tmp/root/usr/share/man/man1/nnact.1.gz" >"$tmp/nnact.1"
grep -q '^\.TH nnact 1 ' "$tmp/nnact.1" || { echo "man page has no .TH"; exit 1; }
echo "package test: $(basename "$deb") has the files and the dependencies"
