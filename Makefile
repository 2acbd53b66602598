# The two set-up commands (README): `make demo` and `make test`.
# Each installs the Debian packages it needs (as root) or prints the
# exact apt-get command.
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
BUILD ?= build
SHARED ?= $(abspath ../shared)

.PHONY: all build test demo bench bench-rv32 bench-xtensa clean deps-test deps-demo deps-bench fuzz arduino

all: build

deps-test:
	@sh scripts/deps.sh test
deps-demo:
	@sh scripts/deps.sh demo
deps-bench:
	@sh scripts/deps.sh bench

build:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release -DTC_SHARED=$(SHARED) >/dev/null
	cmake --build $(BUILD) -j $(JOBS)

test: deps-test build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# The Arduino library (folder and zip) in out/arduino: README "Arduino".
arduino: build
	sh ports/arduino/package.sh $(BUILD) out/arduino

demo: deps-demo build
	sh scripts/demo.sh $(BUILD) $(SHARED)

# Benchmarks are never tests. bench-rv32: instructions per invoke and the
# -Os sizes on the ESP32-C3's ISA; first re-measures the runtime footprint
# table behind `tinycnn inspect` (tools/footprint_rv32.h).
bench-rv32: deps-bench build
	sh ports/rv32-qemu/footprint.sh $(BUILD) tools/footprint_rv32.h $(SHARED)/conformance
	cmake --build $(BUILD) -j $(JOBS) --target tinycnn-cli >/dev/null
	sh ports/rv32-qemu/bench.sh $(BUILD) $(SHARED)/conformance

# bench-xtensa: instructions per invoke (ICOUNT, exact) and runtime sizes
# on Xtensa lx106 under qemu-system-xtensa (ports/xtensa-qemu/bench.sh).
bench-xtensa: deps-bench build
	sh ports/xtensa-qemu/bench.sh $(BUILD) $(SHARED)/conformance

bench: bench-rv32 bench-xtensa
	cmake --build $(BUILD) -j $(JOBS) --target tc_bench_host tc_bench_host_ref >/dev/null
	sh bench/bench.sh $(BUILD) $(SHARED)/conformance
	sh bench/decode.sh $(BUILD) $(SHARED)

clean:
	rm -rf $(BUILD) build-* out

# Each libFuzzer target for FUZZ_SECONDS (make test runs them for 30 s) in
# the clang ASan + UBSan tree $(BUILD)/asan; crashes land in
# $(BUILD)/asan/fuzz-artifacts/TARGET/.
FUZZ_SECONDS ?= 300
fuzz: deps-test
	TC_JOBS=$(JOBS) sh tests/fuzz/asan_build.sh $(CURDIR) $(BUILD)/asan $(SHARED)
	for t in model image preprocess idx; do \
	  sh tests/fuzz/run.sh $(BUILD)/asan $$t $(FUZZ_SECONDS) tests/fuzz $(SHARED) || exit 1; \
	done
