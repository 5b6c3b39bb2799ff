# The README's two commands (run as root on a fresh Debian 12 machine):
#   make run    install the dependencies, build, run a node on config/dev.yaml
#   make test   install the dependencies, build, run every test that needs no GPU
BUILD ?= build
ASAN_BUILD ?= build-asan

# ccache (meson uses it when installed) keyed so that a checkout's paths are
# hashed relative to it and the build directory's own path is left out: a
# rebuild hits what this checkout compiled before. (A unity file includes its
# sources by absolute path, so another clone's compiles miss.)
export CCACHE_BASEDIR := $(CURDIR)
export CCACHE_NOHASHDIR := 1

# Each target's files compiled eight at a time as one (meson's unity build):
# CAF, Boost and the generated Cap'n Proto headers are parsed once for the
# eight instead of once a file, which halves a library's build from scratch.
UNITY := --unity on --unity-size 8

.PHONY: all deps build run test unit-asan stress bench clean

all: build

deps:
	@bash deploy/install-deps.sh

build: deps
	@[ -f $(BUILD)/build.ninja ] || meson setup $(BUILD) -Dwerror=true $(UNITY)
	meson compile -C $(BUILD)

run: build
	$(BUILD)/tools/deepseek-server --config config/dev.yaml

# Everything that needs no GPU in the normal build, then the unit and
# end-to-end tests again under AddressSanitizer + UndefinedBehaviorSanitizer;
# one summary line at the end. (The sanitizer build does not turn warnings
# into errors: the instrumentation makes GCC report false positives in Boost
# headers, and warnings are the normal build's job. It compiles at -Og: GCC
# takes four times as long over a file with the sanitizers at -O2, and the
# checks find the same faults.)
test: build
	@rm -f $(BUILD)/meson-logs/testlog.json $(ASAN_BUILD)/meson-logs/testlog.json
	@status=0; \
	meson test -C $(BUILD) --no-suite gpu --print-errorlogs || status=1; \
	$(MAKE) --no-print-directory unit-asan || status=1; \
	python3 tests/summary.py $(BUILD) $(ASAN_BUILD) || status=1; \
	exit $$status

unit-asan: deps
	@[ -f $(ASAN_BUILD)/build.ninja ] || meson setup $(ASAN_BUILD) $(UNITY) \
	  -Db_sanitize=address,undefined -Db_lundef=false -Doptimization=g -Dbenchmarks=false
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1:suppressions=$(CURDIR)/tests/ubsan.supp \
	  meson test -C $(ASAN_BUILD) --suite unit --suite e2e --print-errorlogs

# The durability tests with 200 SIGKILL cycles instead of the suite's 20 (graph) and 10 (vectors).
stress: build
	DS_KILL_CYCLES=200 DS_SERVER=$(BUILD)/tools/deepseek-server DS_CLI=$(BUILD)/tools/deepseek-cli \
	  python3 tests/durability_test.py
	DS_KILL_CYCLES=200 DS_SERVER=$(BUILD)/tools/deepseek-server DS_CLI=$(BUILD)/tools/deepseek-cli \
	  python3 tests/vector_durability_test.py

bench: build
	$(BUILD)/bench/deepseek-bench-messaging
	$(BUILD)/bench/deepseek-bench-graph

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
