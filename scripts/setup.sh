#!/usr/bin/env bash
# Installs what building and testing fahras needs, and nothing that is already there.
#
#   scripts/setup.sh            wasm32 target, rustfmt/clippy, wasm-bindgen-cli, npm dev tools
#   scripts/setup.sh --browser  the same, plus Debian's chromium + chromium-driver (browser tests)
#
# Every step checks first and says what it installs, so a second run is quiet and takes about a
# second. Only registries are used (rustup's channel, crates.io, npm, Debian apt): these machines
# reach nothing else, so no step may download a browser or a prebuilt binary from GitHub.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

# A fresh shell (CI runs `bash .ci/run`) may not have cargo's bin dir on PATH, and that is where
# `cargo install` puts wasm-bindgen.
if [ -f "$HOME/.cargo/env" ]; then
  # shellcheck disable=SC1091
  . "$HOME/.cargo/env"
fi
case ":$PATH:" in
  *":$HOME/.cargo/bin:"*) ;;
  *) export PATH="$HOME/.cargo/bin:$PATH" ;;
esac

browser=0
for arg in "$@"; do
  case "$arg" in
    --browser) browser=1 ;;
    -h | --help)
      sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *)
      echo "setup.sh: unknown argument '$arg' (try --help)" >&2
      exit 2
      ;;
  esac
done

say() { printf 'setup: %s\n' "$*"; }
need() { command -v "$1" >/dev/null 2>&1 || { echo "setup: '$1' is required but not on PATH" >&2; exit 1; }; }
need cargo
need node
need npm

# Two `make` runs at once (or `make -j`) must not both install the same thing: serialise on a lock.
if command -v flock >/dev/null 2>&1; then
  exec 9>"${TMPDIR:-/tmp}/fahras-setup.lock"
  flock 9
fi

# --- Rust: wasm target and the components `make test` runs ---------------------------------------
if command -v rustup >/dev/null 2>&1; then
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "installing the wasm32-unknown-unknown target (rustup)"
    rustup target add wasm32-unknown-unknown
  fi
  installed_components=$(rustup component list --installed)
  for component in rustfmt clippy; do
    if ! grep -q "^$component" <<<"$installed_components"; then
      say "installing the $component component (rustup)"
      rustup component add "$component"
    fi
  done
else
  # Without rustup we cannot add anything; say so rather than fail later in a confusing way.
  say "rustup not found: assuming the wasm32-unknown-unknown target, rustfmt and clippy are installed"
fi

# --- wasm-bindgen-cli at exactly the version of the wasm-bindgen crate in Cargo.lock --------------
# The CLI refuses modules produced by a different crate version, so it is pinned to the lockfile,
# not to "latest". No --locked: the CLI's own lockfile pins a crate the registry here lacks.
lock_version() {
  awk '
    $0 == "[[package]]" { name = "" }
    $1 == "name" && $3 == "\"wasm-bindgen\"" { name = "wasm-bindgen" }
    $1 == "version" && name == "wasm-bindgen" { gsub(/"/, "", $3); print $3; exit }
  ' Cargo.lock 2>/dev/null || true
}
wb_version=$(lock_version)
if [ -z "$wb_version" ] && [ ! -f Cargo.lock ]; then
  # No lockfile yet: let cargo write it (resolving the pinned `=0.2.x`), then read it.
  cargo generate-lockfile
  wb_version=$(lock_version)
fi
[ -n "$wb_version" ] || { echo "setup: Cargo.lock has no wasm-bindgen package" >&2; exit 1; }

have_wb=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
have_runner=$(wasm-bindgen-test-runner --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have_wb" != "$wb_version" ] || [ "$have_runner" != "$wb_version" ]; then
  say "installing wasm-bindgen-cli $wb_version (found: ${have_wb:-none}); this takes a few minutes"
  cargo install wasm-bindgen-cli --version "=$wb_version"
  have_wb=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
  if [ "$have_wb" != "$wb_version" ]; then
    echo "setup: installed wasm-bindgen-cli $wb_version but \`wasm-bindgen --version\` says '${have_wb:-nothing}':" \
      "is another wasm-bindgen earlier on PATH ($(command -v wasm-bindgen || echo none))?" >&2
    exit 1
  fi
fi

# --- npm dev tools (binaryen's wasm-opt, playwright-core, benchmark inputs) -----------------------
# node_modules/.package-lock.json is npm's record of what it installed; when package.json or the
# lockfile is newer than it, node_modules is stale.
npm_flags=(--no-audit --no-fund --loglevel=error)
if [ -f package.json ]; then
  marker=node_modules/.package-lock.json
  if [ ! -f "$marker" ] || [ package.json -nt "$marker" ] ||
     { [ -f package-lock.json ] && [ package-lock.json -nt "$marker" ]; }; then
    if [ -f package-lock.json ]; then
      say "installing npm dev dependencies (npm ci)"
      npm ci "${npm_flags[@]}"
    else
      say "installing npm dev dependencies (npm install; no package-lock.json yet)"
      npm install "${npm_flags[@]}"
    fi
  fi
fi

# --- Browser (only for browser tests and wasm tests that run in a browser) ------------------------
if [ "$browser" = 1 ]; then
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    say "installing chromium and chromium-driver (apt)"
    sudo=()
    if [ "$(id -u)" != 0 ]; then
      need sudo
      sudo=(sudo)
    fi
    export DEBIAN_FRONTEND=noninteractive
    "${sudo[@]}" apt-get update -q
    "${sudo[@]}" apt-get install -y -q chromium chromium-driver </dev/null
    [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] ||
      { echo "setup: apt installed chromium but /usr/bin/chromium or /usr/bin/chromedriver is missing" >&2; exit 1; }
  fi
fi

say "ready (wasm-bindgen $wb_version$([ "$browser" = 1 ] && echo ", chromium $(/usr/bin/chromium --version 2>/dev/null | awk '{print $2}')"))"
