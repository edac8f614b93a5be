#!/usr/bin/env bash
# `cmake --install` into a temporary prefix, then build samples/library (the README's library
# example) against it twice: with find_package(nnact CONFIG) and with pkg-config. Both must run
# and print samples/library/expected.txt (values from NumPy/SciPy, see samples/README.md).
# No consumer sets a C++ standard: the exported nnact::nnact target carries cxx_std_20 and
# nnact.pc carries -std=c++20 (the headers use std::span; g++ 12 defaults to C++17). A minimal
# consumer (find_package, add_executable, target_link_libraries, #include <nnact/ops.hpp>) proves
# it in both ways too.
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
# The Python module, when the build has it (pybind11 found): importable from the install tree.
if ls "$build"/python/nnact.*.so >/dev/null 2>&1; then
  PYTHONPATH="$prefix/lib/python3/dist-packages" /usr/bin/python3 -c \
    'import nnact, numpy; assert nnact.apply("relu", numpy.array([-1.0, 2.0])).tolist() == [0.0, 2.0]' \
    || { echo "the installed Python module does not import or work"; ls -R "$prefix/lib"; exit 1; }
fi

# A consumer that set the standard itself would hide a target that lacks it.
if grep -n 'CXX_STANDARD\|std=' "$source/samples/library/CMakeLists.txt"; then
  echo "samples/library must not set a C++ standard: nnact::nnact has to carry it"; exit 1
fi

# The minimal consumer of issue 17, as a new user writes it.
plain=$tmp/plain
mkdir "$plain"
printf '%s\n' 'cmake_minimum_required(VERSION 3.20)' 'project(plain_consumer LANGUAGES CXX)' \
  'find_package(nnact CONFIG REQUIRED)' 'add_executable(consumer main.cpp)' \
  'target_link_libraries(consumer nnact::nnact)' >"$plain/CMakeLists.txt"
printf '%s\n' '#include <nnact/ops.hpp>' '#include <cstdio>' '#include <vector>' \
  'int main() {' '  std::vector<double> v{-2.0, 0.5};' \
  '  nnact::Op::make("relu", {}, nnact::DType::kFloat64).apply(v);' \
  '  std::printf("%g %g\n", v[0], v[1]);' '}' >"$plain/main.cpp"
"$cmake" -S "$plain" -B "$plain/build" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_CXX_COMPILER="$cxx" \
  >"$tmp/plain.log" 2>&1 || { cat "$tmp/plain.log"; exit 1; }
"$cmake" --build "$plain/build" >>"$tmp/plain.log" 2>&1 || { cat "$tmp/plain.log"; exit 1; }
[ "$("$plain/build/consumer")" = "0 0.5" ] || { echo "the minimal CMake consumer printed the wrong values"; exit 1; }

expected=$source/samples/library/expected.txt
"$cmake" -S "$source/samples/library" -B "$tmp/consumer" -DCMAKE_PREFIX_PATH="$prefix" \
  -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_BUILD_TYPE=Release >"$tmp/configure.log" || { cat "$tmp/configure.log"; exit 1; }
"$cmake" --build "$tmp/consumer" >"$tmp/build.log" 2>&1 || { cat "$tmp/build.log"; exit 1; }
"$tmp/consumer/example" "$source/samples/seed.csv" >"$tmp/cmake.out"
diff -u "$expected" "$tmp/cmake.out"

# pkg-config: no -std on the command line; the flags nnact.pc gives must be enough.
export PKG_CONFIG_PATH=$prefix/lib/pkgconfig
"$cxx" -O1 -o "$tmp/pc_example" "$source/samples/library/main.cpp" $(pkg-config --cflags --libs nnact)
"$tmp/pc_example" "$source/samples/seed.csv" >"$tmp/pc.out"
diff -u "$expected" "$tmp/pc.out"
"$cxx" -O1 -o "$tmp/pc_plain" "$plain/main.cpp" $(pkg-config --cflags --libs nnact)
[ "$("$tmp/pc_plain")" = "0 0.5" ] || { echo "the minimal pkg-config consumer printed the wrong values"; exit 1; }
echo "install test: CMake and pkg-config consumers (no C++ standard set) built and ran"
