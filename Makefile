# Verbs only; the build itself is CMake's. `make run` and `make test` work on a fresh Debian 12.
BUILD ?= build
JOBS ?= $(shell nproc)
PREFIX ?= /usr/local
CMAKE_FLAGS ?=

# go-md2man: the man page; dpkg-dev, file: make package (dpkg-shlibdeps); librsvg2-bin: the plot render test.
DEB_PACKAGES := cmake g++ make pkg-config libcli11-dev nlohmann-json3-dev libspdlog-dev doctest-dev \
                libmpfr-dev go-md2man dpkg-dev file librsvg2-bin
# GNU parallel: the scale-out tests and README examples run nnact under it (skipped when absent).
DEB_PACKAGES += parallel
# The harness and the peers it compares against; python3-torch (large) is optional: its rows say skipped.
BENCH_PACKAGES := time python3-numpy python3-pandas python3-scipy gawk miller

.PHONY: all deps build run test bench clean format verify-ops install package

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

# The binary, library + headers, CMake package, pkg-config file, man page, bash completion.
install: build
	cmake --install $(BUILD) --prefix $(PREFIX)

# A .deb (CPack) in $(BUILD)/package/.
package: build
	cd $(BUILD) && cpack -G DEB

format:
	clang-format -i $$(git ls-files '*.cpp' '*.hpp')

clean:
	rm -rf $(BUILD)

# Every float32 bit pattern through every smooth op against a long double reference, MPFR on the
# worst cases (bench/verify_ops.cpp). Hours on 2 cores; quick look: make verify-ops VERIFY_FLAGS=
# "--stride 4099 --ops gelu,sigmoid". The table is also written to $(BUILD)/verify-ops.txt;
# copy a full run to bench/results/verify-ops.txt.
VERIFY_FLAGS ?=
verify-ops: build
	nice $(BUILD)/tests/verify_ops $(VERIFY_FLAGS) | tee $(BUILD)/verify-ops.txt
