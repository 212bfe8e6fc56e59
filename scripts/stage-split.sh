#!/usr/bin/env bash
# Trunk post-build hook: stages the wasm chunks that tools/wasm-split (Trunk's wasm-bindgen on
# this project's PATH) wrote beside the bindgen output, so they ship in dist/ with the rest.
set -euo pipefail
out="${CARGO_TARGET_DIR:-target}/wasm-bindgen/$TRUNK_PROFILE"
folder=$(cat "$out/split-last")
rm -rf "${TRUNK_STAGING_DIR:?}/$folder"
cp -r "$out/$folder" "$TRUNK_STAGING_DIR/"
# The service worker keeps the chunks at install (offline tablets): list them in its copy.
list=$(cd "$TRUNK_STAGING_DIR" && find "$folder" -type f \( -name '*.wasm' -o -name '*.js' \) | sort | sed "s|^|'/|; s|$|'|" | paste -sd, -)
sed -i "s|^const CHUNKS = \[\];|const CHUNKS = [$list];|" "$TRUNK_STAGING_DIR/sw.js"
grep -q "^const CHUNKS = \['/$folder/" "$TRUNK_STAGING_DIR/sw.js"
