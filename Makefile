# The two set-up commands (README): `make demo` and `make test`.
# Each installs the Debian packages it needs (as root) or prints the
# exact apt-get command.
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
BUILD ?= build
SHARED ?= $(abspath ../shared)

.PHONY: all build test demo bench clean deps-test deps-demo

all: build

deps-test:
	@sh scripts/deps.sh test
deps-demo:
	@sh scripts/deps.sh demo

build:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release -DTC_SHARED=$(SHARED) >/dev/null
	cmake --build $(BUILD) -j $(JOBS)

test: deps-test build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

demo: deps-demo build
	sh scripts/demo.sh $(BUILD) $(SHARED)

clean:
	rm -rf $(BUILD) build-* out
