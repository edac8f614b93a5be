# Verbs only; the build itself is CMake's. `make run` and `make test` work on a fresh Debian 12.
BUILD ?= build
JOBS ?= $(shell nproc)
PREFIX ?= /usr/local
CMAKE_FLAGS ?=

# go-md2man: the man page; dpkg-dev, file: make package (dpkg-shlibdeps); librsvg2-bin: the plot render test.
DEB_PACKAGES := cmake g++ make pkg-config libcli11-dev nlohmann-json3-dev libspdlog-dev doctest-dev \
                libmpfr-dev libgmp-dev go-md2man dpkg-dev file librsvg2-bin
# Compressed files: the codec libraries nnact links, and the tools the tests make files with.
DEB_PACKAGES += zlib1g-dev libzstd-dev libbz2-dev liblzma-dev gzip zstd bzip2 xz-utils
# pandas (Debian's, for /usr/bin/python3): the messy-files tests write and read back NaN and
# decimal-comma CSV with it (tests/messy_files_test.cpp).
DEB_PACKAGES += python3-pandas
# GNU parallel: the scale-out tests and README examples run nnact under it (skipped when absent).
DEB_PACKAGES += parallel
# libfmt-dev: Dragonbox for the shortest number text (header only).
# NumPy (Debian's, for /usr/bin/python3): tests write .npy files and references at test time.
DEB_PACKAGES += libfmt-dev python3-numpy
# Dask distributed: the scale-out driver (scale-out/) and its test on a real local cluster.
DEB_PACKAGES += python3-distributed
# The Python module (python/, make python) and its pytest suite against NumPy and SciPy.
DEB_PACKAGES += pybind11-dev python3-dev python3-pytest python3-scipy
# zlib: .npz members written by np.savez_compressed (deflate).
DEB_PACKAGES += zlib1g-dev
# The harness and the peers it compares against; python3-torch (large) is optional: its rows say skipped.
BENCH_PACKAGES := time python3-numpy python3-pandas python3-scipy gawk miller

.PHONY: all deps build run test bench clean format verify-ops verify-grad verify-format install package asan tsan fuzz python

all: build

deps:
	@./.ci/install-deps $(DEB_PACKAGES)

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS)

build: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

run: build
	@echo '$$ build/nnact --op leaky_relu --alpha 0.01 samples/seed.csv'
	@$(BUILD)/nnact --op leaky_relu --alpha 0.01 samples/seed.csv
	@echo '$$ build/nnact --op relu samples/seed.json'
	@$(BUILD)/nnact --op relu samples/seed.json

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# Benchmarks against the peers (bench/README.md). QUICK=1: small data; BIG=1: add the 1 GiB RSS checks;
# BENCH_ARGS: more bench/run.py options. A failed build still runs the peers: nnact's rows say why.
bench:
	@./.ci/install-deps $(BENCH_PACKAGES)
	@$(MAKE) --no-print-directory build || echo "make bench: the nnact build failed; nnact's rows use what $(BUILD)/nnact is there" >&2
	/usr/bin/python3 bench/run.py --nnact $(BUILD)/nnact $(if $(QUICK),--quick) $(if $(BIG),--big) $(BENCH_ARGS)

# `import nnact` for /usr/bin/python3: build/python/nnact.*.so (also built by make build).
python: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS) --target nnact_python
	@echo 'PYTHONPATH=$(BUILD)/python /usr/bin/python3 -c "import nnact"'

# The binary, library + headers, CMake package, pkg-config file, man page, bash completion, and
# the Python module in PREFIX/lib/python3/dist-packages.
install: build
	cmake --install $(BUILD) --prefix $(PREFIX)

# A .deb (CPack) in $(BUILD)/package/.
package: build
	cd $(BUILD) && cpack -G DEB

# The whole suite (fuzz corpus replay included) built with ASan + UBSan; any report fails it.
SAN_FLAGS := -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1"
asan: deps
	cmake -S . -B build-asan $(SAN_FLAGS) -DNNACT_SANITIZE=address,undefined $(CMAKE_FLAGS)
	cmake --build build-asan -j $(JOBS)
	cd build-asan && ASAN_OPTIONS=detect_leaks=1 ctest --output-on-failure -j $(JOBS)

# ThreadSanitizer on the threaded pipeline: tests/pipeline_test.cpp, in process and through nnact.
tsan: deps
	cmake -S . -B build-tsan $(SAN_FLAGS) -DNNACT_SANITIZE=thread $(CMAKE_FLAGS)
	cmake --build build-tsan -j $(JOBS) --target nnact_pipeline_tests
	TSAN_OPTIONS=halt_on_error=1 build-tsan/tests/nnact_pipeline_tests

# libFuzzer (clang) on each target for FUZZ_TIME seconds, niced; TARGETS=csv picks some.
# New inputs go to fuzz/out/<target>/corpus, crashes to fuzz/out/<target>/ (fuzz/README.md).
FUZZ_PACKAGES := clang libclang-rt-14-dev
FUZZ_TARGETS := csv tsv json ndjson npy txt safetensors npz roundtrip cli gz zst bz2 xz
TARGETS ?= $(FUZZ_TARGETS)
FUZZ_TIME ?= 600
fuzz:
	@./.ci/install-deps $(DEB_PACKAGES) $(FUZZ_PACKAGES)
	cmake -S . -B build-fuzz $(SAN_FLAGS) -DCMAKE_CXX_COMPILER=clang++ -DNNACT_BUILD_FUZZ=ON \
	  -DNNACT_BUILD_TESTS=OFF -DNNACT_SANITIZE=address,undefined $(CMAKE_FLAGS)
	cmake --build build-fuzz -j $(JOBS)
	for t in $(TARGETS); do mkdir -p fuzz/out/$$t/corpus; \
	  nice -n 10 build-fuzz/fuzz/fuzz_$$t -max_total_time=$(FUZZ_TIME) -timeout=10 -close_fd_mask=3 -max_len=65536 \
	    -artifact_prefix=fuzz/out/$$t/ fuzz/out/$$t/corpus fuzz/corpus/$$t >fuzz/out/$$t/log.txt 2>&1 \
	    || { tail -n 40 fuzz/out/$$t/log.txt; exit 1; }; \
	  echo "fuzz_$$t: $$(grep -E '^#[0-9]+' fuzz/out/$$t/log.txt | tail -n 1)"; done

format:
	clang-format -i $$(git ls-files '*.cpp' '*.hpp')

clean:
	rm -rf $(BUILD) build-asan build-tsan build-fuzz

# Every float32 bit pattern through every smooth op, checked for correct rounding against the
# textbook formula in double with a rigorous error bound, MPFR deciding the inputs it leaves open
# (bench/verify_ops.cpp, verify_sweep.cpp). About an hour on 2 idle cores; quick look: make
# verify-ops VERIFY_FLAGS="--stride 4099 --ops gelu,sigmoid"; float64 (N sampled inputs per op
# and dense-grid hard inputs, all against MPFR): VERIFY_FLAGS="--float64 10000000"
# (bench/results/verify-ops-float64.txt). The table is also written to $(BUILD)/verify-ops.txt;
# copy a full run to bench/results/verify-ops.txt.
VERIFY_FLAGS ?=
verify-ops: build
	nice $(BUILD)/tests/verify_ops $(VERIFY_FLAGS) | tee $(BUILD)/verify-ops.txt

# The same for the 15 smooth derivatives (--grad's kernels): bench/results/verify-grad.txt.
verify-grad: build
	nice $(BUILD)/tests/verify_ops --grad $(VERIFY_FLAGS) | tee $(BUILD)/verify-grad.txt

# Every float32 bit pattern through the number text: std::to_chars' bytes (integers below 1e16
# whole) and read back to the same bits (bench/verify_format.cpp). Minutes on one core; copy a
# run to bench/results/verify-format.txt.
verify-format: build
	nice $(BUILD)/tests/verify_format | tee $(BUILD)/verify-format.txt
