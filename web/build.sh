#!/usr/bin/env bash
# Builds the wasm package into web/pkg/<target> (nodejs for the checks and the benchmark,
# web for browsers), optimised with wasm-opt -Oz, and prints its size raw and gzipped,
# before and after wasm-opt. With --check-budget, fails when the gzipped size after
# wasm-opt exceeds web/size-budget (bytes; raised only deliberately, with a reason).
#
# Needs wasm-bindgen (the CLI, at the version Cargo.lock pins) and `npm ci` in web/.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build -p iqchannels-proto --profile wasm-release --target wasm32-unknown-unknown --no-default-features --features wasm,public --example web
wasm=target/wasm32-unknown-unknown/wasm-release/examples/web.wasm
wasm_opt=web/node_modules/.bin/wasm-opt

gz() { gzip -9 -c "$1" | wc -c; }

for target in nodejs web; do
  out="web/pkg/$target"
  rm -rf "$out"
  wasm-bindgen --target "$target" --remove-name-section --remove-producers-section \
    --out-dir "$out" --out-name iqchannels_proto "$wasm"
  module="$out/iqchannels_proto_bg.wasm"
  raw_before=$(wc -c < "$module")
  gz_before=$(gz "$module")
  "$wasm_opt" -Oz "$module" -o "$module.opt"
  mv "$module.opt" "$module"
done

raw_after=$(wc -c < "$module")
gz_after=$(gz "$module")
printf 'wasm package (%s): raw %d bytes, gzipped %d; after wasm-opt -Oz: raw %d, gzipped %d\n' \
  "$module" "$raw_before" "$gz_before" "$raw_after" "$gz_after"

if [[ "${1:-}" == "--check-budget" ]]; then
  budget=$(grep -Eo '^[0-9]+' web/size-budget)
  if (( gz_after > budget )); then
    echo "the gzipped wasm ($gz_after bytes) is over the budget in web/size-budget ($budget bytes)" >&2
    exit 1
  fi
  echo "within the size budget: $gz_after of $budget bytes gzipped"
fi
