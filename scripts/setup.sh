#!/usr/bin/env bash
# Installs everything the product and its tests need, from the package registries only.
# Idempotent: each step checks what is there and skips itself when it is already right.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  step "Debian Chromium and ChromeDriver"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
fi

if ! fc-list :lang=zh | grep -q . || ! fc-list | grep -qi "color emoji"; then
  step "CJK and emoji fonts (Debian fonts-noto-cjk, fonts-noto-color-emoji): screenshots and width checks see real glyphs"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk fonts-noto-color-emoji >/dev/null
fi

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  step "PostgreSQL 15 server (Debian's packages): the tests run on both engines"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 >/dev/null
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "Rust wasm target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
  step "trunk $TRUNK_VERSION (builds from source, ~12 min on 2 cores)"
  cargo install --locked trunk --version "$TRUNK_VERSION"
fi

if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  step "wasm-bindgen-cli $WASM_BINDGEN_VERSION (must equal the wasm-bindgen in Cargo.lock)"
  if ! cargo install --locked --force wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"; then
    # Its published lockfile pins a webpki-roots the registry lacks: rebuild from the crate
    # with only that package moved back one patch release.
    crate=$(ls "${CARGO_HOME:-$HOME/.cargo}"/registry/cache/*/wasm-bindgen-cli-$WASM_BINDGEN_VERSION.crate | head -n1)
    src=$(mktemp -d)
    tar xzf "$crate" -C "$src"
    (cd "$src/wasm-bindgen-cli-$WASM_BINDGEN_VERSION" \
      && cargo update -p webpki-roots --precise 1.0.10 \
      && cargo install --locked --force --path .)
    rm -rf "$src"
  fi
fi

# Trunk's wasm-bindgen step on this project's PATH: splits the wasm first (tools/wasm-split).
split_stamp=tools/wasm-split/bin/.installed-from
if ! cat tools/wasm-split/Cargo.lock tools/wasm-split/src/*.rs | cmp -s - "$split_stamp"; then
  step "wasm-split (the wasm-bindgen wrapper that splits the console into chunks)"
  cargo install --locked --force --path tools/wasm-split --root tools/wasm-split --target-dir target/wasm-split-tool
  # Trunk runs whatever `wasm-bindgen` comes first on PATH (rustc refuses a binary of that name)
  ln -sf wasm-bindgen-split tools/wasm-split/bin/wasm-bindgen
  cat tools/wasm-split/Cargo.lock tools/wasm-split/src/*.rs >"$split_stamp"
fi

npm_install() { # dir: `npm ci` unless node_modules was installed from this very lockfile
  local dir=$1 stamp=$1/node_modules/.installed-from-lock
  if ! cmp -s "$dir/package-lock.json" "$stamp"; then
    step "npm packages in $dir"
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --prefix "$dir" --no-audit --no-fund
    cp "$dir/package-lock.json" "$stamp"
  fi
}
npm_install tools
npm_install end2end

step "Rust crates (fetched once; Trunk builds offline)"
cargo fetch --locked >/dev/null
echo "setup: ok"
