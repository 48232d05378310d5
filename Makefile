# Thin wrapper around CMake. `make demo` and `make test` are the README's two commands.
BUILD ?= build
ASAN_BUILD ?= build-asan
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=RelWithDebInfo -DOGI_WERROR=ON
DEB_PACKAGES = build-essential cmake pkg-config python3 libxml2-dev libpcre2-dev libutf8proc-dev libsqlite3-dev libssl-dev

.PHONY: all deps build demo test asan install clean accuracy

all: build

# Installs the Debian packages the build needs, when they are missing (as root, or with sudo).
deps:
	@if ! command -v cmake >/dev/null || ! command -v python3 >/dev/null || ! command -v pkg-config >/dev/null \
	   || ! pkg-config --exists libxml-2.0 libpcre2-8 libutf8proc sqlite3; then \
	  echo "installing: $(DEB_PACKAGES)"; \
	  SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $(DEB_PACKAGES); \
	fi

build: deps
	cmake -S . -B $(BUILD) $(CMAKE_FLAGS) >/dev/null
	cmake --build $(BUILD) -j$$(nproc)

# The main job on the bundled corpus: one line per report, then totals.
demo: build
	$(BUILD)/ogi summary corpus/*.html corpus/*.txt corpus/*.md

test: build
	ctest --test-dir $(BUILD) --output-on-failure

# The whole suite again under AddressSanitizer + UndefinedBehaviorSanitizer.
asan: deps
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DOGI_WERROR=ON -DOGI_SANITIZE=ON >/dev/null
	cmake --build $(ASAN_BUILD) -j$$(nproc)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --test-dir $(ASAN_BUILD) --output-on-failure

# Rewrites docs/accuracy.md from the shared corpus (../shared/corpus) and corpus/.
accuracy: build
	python3 tests/write_accuracy.py $(BUILD)/ogi

install: build
	cmake --install $(BUILD)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
