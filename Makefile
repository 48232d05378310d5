# Thin wrapper around CMake. `make demo` and `make test` are the README's two commands.
SHELL := /bin/bash
.SHELLFLAGS := -eo pipefail -c
BUILD ?= build
ASAN_BUILD ?= build-asan
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=RelWithDebInfo -DOGI_WERROR=ON
DEB_PACKAGES = build-essential cmake pkg-config python3 libxml2-dev libpcre2-dev libutf8proc-dev libsqlite3-dev libssl-dev libzip-dev poppler-utils
FUZZ_PACKAGES = clang libclang-rt-14-dev
VALGRIND_PACKAGES = valgrind

.PHONY: all deps deps-fuzz deps-valgrind build demo test asan valgrind fuzz fuzz-build fuzz-long install install-check clean accuracy

all: build

# Installs the Debian packages `make demo` and `make test` need (gcc's sanitizers come with build-essential,
# so `make asan` needs no more), when they are missing (as root, or with sudo). The fuzz and valgrind targets
# install their own tools (deps-fuzz, deps-valgrind).
APT_INSTALL = SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq
deps:
	@if ! command -v cmake >/dev/null || ! command -v python3 >/dev/null || ! command -v pkg-config >/dev/null \
	   || ! command -v pdftotext >/dev/null || ! pkg-config --exists libxml-2.0 libpcre2-8 libutf8proc sqlite3 libzip; then \
	  echo "installing: $(DEB_PACKAGES)"; $(APT_INSTALL) $(DEB_PACKAGES); \
	fi

deps-fuzz: deps
	@if ! command -v clang >/dev/null; then echo "installing: $(FUZZ_PACKAGES)"; $(APT_INSTALL) $(FUZZ_PACKAGES); fi

deps-valgrind: deps
	@if ! command -v valgrind >/dev/null; then echo "installing: $(VALGRIND_PACKAGES)"; $(APT_INSTALL) $(VALGRIND_PACKAGES); fi

build: deps
	cmake -S . -B $(BUILD) $(CMAKE_FLAGS) >/dev/null
	cmake --build $(BUILD) -j$$(nproc)

# The main job on the bundled corpus: one line per report, then totals.
demo: build
	$(BUILD)/ogi summary $(filter-out %.json,$(wildcard corpus/*))

test: build
	ctest --test-dir $(BUILD) --output-on-failure

# The whole suite again under AddressSanitizer + UndefinedBehaviorSanitizer.
asan: deps
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DOGI_WERROR=ON -DOGI_SANITIZE=ON >/dev/null
	cmake --build $(ASAN_BUILD) -j$$(nproc)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --test-dir $(ASAN_BUILD) --output-on-failure

# The suite's programs under valgrind memcheck (the bulk test on a smaller crawl: valgrind is ~30x slower).
valgrind: deps-valgrind build
	for t in $(BUILD)/tests/unit_tests $(BUILD)/tests/replay_*; do \
	  OGI_PATTERNS=$(CURDIR)/patterns valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
	    $$t tests/fuzz/regressions/* corpus/* | tail -1 || exit 1; done
	OGI_PATTERNS=$(CURDIR)/patterns valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
	  $(BUILD)/tests/api_consumer corpus/seed_beilun-shangwuju_2021.txt | tail -1
	OGI_REAL=$(CURDIR)/$(BUILD)/ogi bash tests/cli_test.sh tests/valgrind_ogi.sh corpus
	OGI_REAL=$(CURDIR)/$(BUILD)/ogi bash tests/hostile_test.sh tests/valgrind_ogi.sh .
	OGI_REAL=$(CURDIR)/$(BUILD)/ogi python3 tests/corpus_accuracy.py tests/valgrind_ogi.sh corpus --strict | tail -1
	OGI_REAL=$(CURDIR)/$(BUILD)/ogi BULK_N=40 bash tests/bulk_test.sh tests/valgrind_ogi.sh . 2>/dev/null | tail -1

# libFuzzer: every target for FUZZ_SECONDS (default 30) from the corpus seeds, with the label dictionary
# (fuzz_whole's seeds are the corpus with a config byte in front and two large inputs: tests/fuzz/whole_seeds.py).
# A crash leaves its input in build-fuzz/crashes/: add it to tests/fuzz/regressions/ with the fix.
# `make fuzz-long` runs every target for FUZZ_RUNS executions (default 10^6) instead; see docs/reliability.md.
# max_len per target: larger where the size and time limits are the paths under test.
FUZZ_SECONDS ?= 30
FUZZ_RUNS ?= 1000000
FUZZ_TARGETS ?= decode html text extract docx whole rules
FUZZ_BOUND = -max_total_time=$(FUZZ_SECONDS)
fuzz-build: deps-fuzz
	CC=clang cmake -S . -B build-fuzz -DOGI_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	cmake --build build-fuzz -j$$(nproc)

fuzz: fuzz-build
	mkdir -p build-fuzz/crashes
	python3 tests/fuzz/whole_seeds.py corpus build-fuzz/seeds-whole
	for t in $(FUZZ_TARGETS); do \
	  mkdir -p build-fuzz/corpus-$$t; \
	  seeds="corpus tests/fuzz/regressions"; [ -d tests/fuzz/seeds/$$t ] && seeds="tests/fuzz/seeds/$$t $$seeds"; \
	  [ $$t = docx ] && seeds="tests/fuzz/seeds/docx tests/fuzz/regressions"; \
	  [ $$t = whole ] && seeds="build-fuzz/seeds-whole tests/fuzz/regressions"; \
	  case $$t in decode|rules) len=16384;; docx) len=262144;; whole) len=1048576;; *) len=65536;; esac; \
	  OGI_PATTERNS=$(CURDIR)/patterns build-fuzz/tests/fuzz/fuzz_$$t -dict=tests/fuzz/ogi.dict -max_len=$$len \
	    $(FUZZ_BOUND) -timeout=20 -rss_limit_mb=2048 -artifact_prefix=build-fuzz/crashes/ \
	    -print_final_stats=1 build-fuzz/corpus-$$t $$seeds 2>&1 \
	    | grep -E "^(Done|stat::number_of_executed_units|stat::average_exec_per_sec)|ERROR|SUMMARY" | sed "s/^/fuzz_$$t: /" ; \
	  test $${PIPESTATUS[0]} -eq 0 || exit 1; \
	done

fuzz-long:
	$(MAKE) fuzz FUZZ_BOUND=-runs=$(FUZZ_RUNS)

# Rewrites docs/accuracy.md from the shared corpus (../shared/corpus) and corpus/.
accuracy: build
	python3 tests/write_accuracy.py $(BUILD)/ogi

install: build
	cmake --install $(BUILD)

# Installs into a scratch prefix, moves the installed tree elsewhere (it is relocatable), then builds the
# consumer program against the moved tree twice: with plain `pkg-config --cflags --libs ogi` (the shared library)
# and with CMake's find_package(ogi) (ogi::ogi and ogi::ogi_static); runs them and the installed program, which
# must find their pattern files in the moved tree.
STAGE = $(CURDIR)/$(BUILD)/stage
MOVED = $(CURDIR)/$(BUILD)/moved/elsewhere
install-check: build
	rm -rf $(STAGE) $(BUILD)/moved $(BUILD)/consumer-cmake && cmake --install $(BUILD) --prefix $(STAGE) >/dev/null
	test -f $(STAGE)/share/man/man1/ogi.1 && test -f $(STAGE)/share/ogi/patterns/rows.tsv
	mkdir -p $(BUILD)/moved && mv $(STAGE) $(MOVED)
	libdir=$$(dirname $$(ls $(MOVED)/lib*/libogi.so $(MOVED)/lib/*/libogi.so 2>/dev/null | head -1)); \
	  test -f $$libdir/libogi.a && test -L $$libdir/libogi.so.$$(sed -n 's/^project(ogi VERSION \([0-9]*\).*/\1/p' CMakeLists.txt); \
	  PKG_CONFIG_PATH=$$libdir/pkgconfig sh -c 'cc -std=c11 -Wall -Wextra -Werror tests/consumer/consumer.c -o $(BUILD)/consumer $$(pkg-config --cflags --libs ogi)'; \
	  cd / && env -u OGI_PATTERNS LD_LIBRARY_PATH=$$libdir $(CURDIR)/$(BUILD)/consumer $(CURDIR)/corpus/seed_beilun-shangwuju_2021.txt $(MOVED)/
	cmake -S tests/consumer -B $(BUILD)/consumer-cmake -DCMAKE_PREFIX_PATH=$(MOVED) >/dev/null
	cmake --build $(BUILD)/consumer-cmake -j2 >/dev/null
	cd / && env -u OGI_PATTERNS $(CURDIR)/$(BUILD)/consumer-cmake/consumer_shared $(CURDIR)/corpus/seed_beilun-shangwuju_2021.txt $(MOVED)/
	cd / && env -u OGI_PATTERNS $(CURDIR)/$(BUILD)/consumer-cmake/consumer_static $(CURDIR)/corpus/seed_beilun-shangwuju_2021.txt
	cd / && env -u OGI_PATTERNS $(MOVED)/bin/ogi --version | grep -qF "patterns: $(MOVED)/bin/../share/ogi/patterns"
	cd / && env -u OGI_PATTERNS $(MOVED)/bin/ogi check -q $(CURDIR)/corpus/word-export_2022.html
	@echo "install-check: the moved install works (pkg-config, find_package shared and static, the program)"

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) build-fuzz
