# pyxis: `make` builds dist/ (toolchain, sources, C libraries, CPython, the
# runtime, the stdlib archive, the package bundles and their lockfile);
# `make test` builds if needed and runs the tests. Every stage is cached under
# $(PYXIS_CACHE) by the hash of its inputs, so the targets here always run and
# each script decides what is stale.

SHELL := /bin/bash
IN := tools/in-toolchain
export PYXIS_CACHE ?= $(HOME)/.cache/pyxis

.PHONY: all dist packages host-deps sources test-wheels test test-only soak cpython-tests numpy-tests pandas-tests matplotlib-tests mpl-references pyodide-tests bench bench-quick bench-numpy bench-pandas browser-deps serve format format-check clean distclean

all: dist

host-deps:
	@tools/host-deps.sh

sources: host-deps
	@$(IN) cpython/fetch-sources.sh

# dist/ includes the packages (recipes in packages/, cached by their inputs):
# build-dist.sh runs tools/build-packages.py before it swaps the new dist/ in.
dist: sources
	@$(IN) tools/build-dist.sh

packages: dist

node_modules: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch node_modules

test: dist node_modules
	@$(MAKE) --no-print-directory test-only

# Debian's chromium for the browser tests (tests/browser; playwright-core is
# an npm devDependency). Idempotent.
browser-deps:
	@tools/browser-setup.sh

# Real PyPI wheels for micropip's tests (tests/micropip/wheels.txt, pinned):
# build/test-wheels/, served as a local index by the tests.
test-wheels:
	@$(IN) tools/fetch-test-wheels.sh

# The tests alone, against what dist/ holds now.
test-only: node_modules browser-deps bench/node_modules test-wheels
	node --experimental-vm-modules --expose-gc node_modules/jest/bin/jest.js --ci

# The soak (tests/soak/*.soak.mjs, under 2 minutes): mixed work on one
# runtime, then handles, proxies and memory back at their baseline. Not in
# `make test`; CI runs it.
soak: dist node_modules
	node --experimental-vm-modules --expose-gc node_modules/jest/bin/jest.js --ci \
	  --testMatch '<rootDir>/tests/soak/*.soak.mjs'

# CPython's regression tests (the cpython-tests package), natively and in
# pyxis, one module per fresh process, with the per-module table and the
# totals (a long run: tools/cpython-tests.mjs; skip lists with reasons in
# tests/cpython-suite/). Options through CPYTHON_TESTS_ARGS, e.g.
# "--modules test_json", "--jobs 2".
cpython-tests: dist node_modules
	node tools/cpython-tests.mjs $(CPYTHON_TESTS_ARGS)

# numpy's own test suite, natively and in pyxis, with figures (a long run:
# tools/package-suite.mjs; known wasm failures: tests/package-suite/numpy-expected-failures.txt).
numpy-tests: dist node_modules
	node tools/package-suite.mjs numpy

# pandas' own test suite, natively and in pyxis, side by side (same runner;
# known wasm failures: tests/package-suite/pandas-expected-failures.txt).
pandas-tests: dist node_modules
	node tools/package-suite.mjs pandas --jobs 2

# A subset of matplotlib's own test suite (the files tools/package-suite.mjs
# names), natively and in pyxis (known wasm failures:
# tests/package-suite/matplotlib-expected-failures.txt).
matplotlib-tests: dist node_modules
	node tools/package-suite.mjs matplotlib --jobs 2

# The reference images tests/packages/matplotlib.test.mjs compares pyxis's
# figures with: native matplotlib (PyPI's wheels, the lockfile's versions).
mpl-references: dist node_modules
	node tools/mpl-references.mjs

# Pyodide's own test suite (../shared/pyodide-tests, unchanged) against the
# pyodide npm package and pyxis, side by side (a long run:
# tools/pyodide-tests.mjs; tests of Pyodide's internals, not counted:
# tests/pyodide-suite/internal-tests.txt). Options through
# PYODIDE_TESTS_ARGS, e.g. "--quick", "--files asyncio", "--jobs 2".
pyodide-tests: dist node_modules bench/node_modules
	node tools/pyodide-tests.mjs $(PYODIDE_TESTS_ARGS)

# The pyodide npm package (bench/package.json), to compare against.
bench/node_modules: bench/package.json bench/package-lock.json
	cd bench && npm ci --no-audit --no-fund
	@touch bench/node_modules

# The benchmark suite (bench/suite.mjs): pyperformance's pure-Python
# benchmarks in native CPython, pyxis and Pyodide, and our numpy and pandas
# kernels in native CPython and pyxis, a subset in Chromium (pyxis and
# Pyodide), interleaved in one run; writes
# bench/results/<date>*.{json,md,svg}. bench-quick: 5 samples, a few minutes.
bench: dist bench/node_modules browser-deps
	node bench/suite.mjs

bench-quick: dist bench/node_modules browser-deps
	node bench/suite.mjs --quick

bench-numpy: dist
	node bench/suite.mjs --group numpy

bench-pandas: dist
	node bench/suite.mjs --group pandas

# Serves dist/ on http://127.0.0.1:$(PORT)/ with the COOP/COEP headers that
# cross-origin isolation needs (the console's Interrupt button); open
# console.html. PORT=8000 by default.
PORT ?= 8000
serve: dist
	node tools/serve.mjs dist --port $(PORT)

C_FILES = $(wildcard src/core/*.c src/core/*.h tests/core/side_module/*.c \
  packages/*/src/*.c packages/*/src/*/*.c packages/*/src/*/*.h \
  packages/*/src/*.cpp packages/*/src/*/*.cpp)
JS_FILES = js tests bench/*.mjs src/core/*.js tools/serve.mjs tools/chromium.mjs tools/package-index.mjs tools/make-classic-script.mjs tools/package-suite.mjs tools/cpython-tests.mjs tools/pyodide-tests.mjs tools/mpl-references.mjs tools/zipfile.mjs tools/cxx-exports.mjs tools/side-modules.mjs


format: node_modules
	@$(IN) clang-format -i $(C_FILES)
	node_modules/.bin/prettier --log-level warn --write $(JS_FILES)

format-check: node_modules
	@$(IN) clang-format --dry-run --Werror $(C_FILES)
	node_modules/.bin/prettier --log-level warn --check $(JS_FILES)

clean:
	rm -rf dist build

# Also forget the cached stages (the toolchain chroot, sources, builds).
distclean: clean
	rm -rf --one-file-system $(PYXIS_CACHE)
