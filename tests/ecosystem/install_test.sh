#!/usr/bin/env bash
# `cmake --install` into a temporary prefix, then build samples/library (the README's library
# example) against it twice: with find_package(nnact CONFIG) and with pkg-config. Both must run
# and print samples/library/expected.txt (values from NumPy/SciPy, see samples/README.md).
# Also checks the installed layout: binary, headers, man page, completion, license.
set -euo pipefail
build=$1 source=$2 cmake=$3 cxx=$4
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix

"$cmake" --install "$build" --prefix "$prefix" >/dev/null
for f in bin/nnact include/nnact/ops.hpp include/nnact/io.hpp include/nnact/pipeline.hpp \
         lib/libnnact.a lib/cmake/nnact/nnactConfig.cmake lib/pkgconfig/nnact.pc \
         share/man/man1/nnact.1.gz share/bash-completion/completions/nnact share/doc/nnact/copyright; do
  [ -e "$prefix/$f" ] || { echo "not installed: $f"; find "$prefix" -type f; exit 1; }
done
"$prefix/bin/nnact" --version | grep -q '^nnact ' || { echo "installed nnact --version failed"; exit 1; }

expected=$source/samples/library/expected.txt
"$cmake" -S "$source/samples/library" -B "$tmp/consumer" -DCMAKE_PREFIX_PATH="$prefix" \
  -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_BUILD_TYPE=Release >"$tmp/configure.log" || { cat "$tmp/configure.log"; exit 1; }
"$cmake" --build "$tmp/consumer" >"$tmp/build.log" 2>&1 || { cat "$tmp/build.log"; exit 1; }
"$tmp/consumer/example" "$source/samples/seed.csv" >"$tmp/cmake.out"
diff -u "$expected" "$tmp/cmake.out"

export PKG_CONFIG_PATH=$prefix/lib/pkgconfig
"$cxx" -O1 -o "$tmp/pc_example" "$source/samples/library/main.cpp" $(pkg-config --cflags --libs nnact)
"$tmp/pc_example" "$source/samples/seed.csv" >"$tmp/pc.out"
diff -u "$expected" "$tmp/pc.out"
echo "install test: CMake and pkg-config consumers built and ran"
