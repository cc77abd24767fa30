#!/usr/bin/env bash
# Builds the widget's wasm package (the public API and tickets) into web/pkg/<target>
# (nodejs for the checks and the benchmark, web for browsers), optimised with wasm-opt -Oz,
# and prints its size raw and gzipped, before and after wasm-opt. With --check-budget,
# fails when the gzipped size after wasm-opt exceeds web/size-budget (bytes; raised only
# deliberately, with a reason). With --chat, also builds the operator workplace's package
# (the chat API and tickets) into web/pkg-chat (web target).
#
# Each build is also an npm package, packed by `npm pack` into web/pkg/<name>-<version>.tgz:
# `iqchannels-proto` (the widget's) and, with --chat, `iqchannels-proto-chat`: the browser
# build, a node entry that loads the same wasm, the `.d.ts`, and a package.json whose
# version is Cargo.toml's.
#
# Each package's `.d.ts` is what wasm-bindgen writes (the init functions), then the
# declarations generated from the schemas of that package's features
# (examples/typescript.rs), then the files of web/types/ for those features.
#
# Needs wasm-bindgen (the CLI, at the version Cargo.lock pins) and `npm ci` in web/.
set -euo pipefail
cd "$(dirname "$0")/.."

check_budget=false
chat=false
for arg in "$@"; do
  case "$arg" in
    --check-budget) check_budget=true ;;
    --chat) chat=true ;;
    *) echo "usage: web/build.sh [--check-budget] [--chat]" >&2; exit 2 ;;
  esac
done

wasm=target/wasm32-unknown-unknown/wasm-release/examples/web.wasm
wasm_opt=web/node_modules/.bin/wasm-opt
gz() { gzip -9 -c "$1" | wc -c; }

# The TypeScript of a package built with features $1 (public or chat), appended to $2.
declarations() {
  local features="$1" dts="$2"
  cargo run -q -p iqchannels-proto --example typescript --no-default-features --features "$features" >> "$dts"
  cat web/types/core.d.ts web/types/stream.d.ts "web/types/$features.d.ts" >> "$dts"
}

# The npm package $1 made of the browser build in $2 (web/pkg/npm-$1, packed into
# web/pkg/$1-<version>.tgz): that build as it is, and what web/npm/ holds (package.json,
# given the package's name and Cargo.toml's version; node.js; the wasm file's types; the
# README).
pack() {
  local name="$1" build="$2" version dir
  version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -1)
  dir="web/pkg/npm-$name"
  rm -rf "$dir" "web/pkg/$name-$version.tgz"
  cp -r "$build" "$dir"
  rm -f "$dir/.gitignore"
  cp web/npm/node.js web/npm/wasm-url.d.ts web/npm/package.json "$dir/"
  sed "s/{{name}}/$name/g" web/npm/README.md > "$dir/README.md"
  (cd "$dir" && npm pkg set name="$name" version="$version")
  (cd web/pkg && npm pack --silent "./npm-$name" > /dev/null)
  echo "npm package: web/pkg/$name-$version.tgz ($(wc -c < "web/pkg/$name-$version.tgz") bytes)"
}

cargo build -p iqchannels-proto --profile wasm-release --target wasm32-unknown-unknown --no-default-features --features wasm,public --example web
for target in nodejs web; do
  out="web/pkg/$target"
  rm -rf "$out"
  wasm-bindgen --target "$target" --remove-name-section --remove-producers-section \
    --out-dir "$out" --out-name iqchannels_proto "$wasm"
  declarations public "$out/iqchannels_proto.d.ts"
  module="$out/iqchannels_proto_bg.wasm"
  raw_before=$(wc -c < "$module")
  gz_before=$(gz "$module")
  "$wasm_opt" -Oz "$module" -o "$module.opt"
  mv "$module.opt" "$module"
done

# The widget's npm package.
pack iqchannels-proto web/pkg/web

raw_after=$(wc -c < "$module")
gz_after=$(gz "$module")
printf 'wasm package (%s): raw %d bytes, gzipped %d; after wasm-opt -Oz: raw %d, gzipped %d\n' \
  "$module" "$raw_before" "$gz_before" "$raw_after" "$gz_after"

if $check_budget; then
  budget=$(grep -Eo '^[0-9]+' web/size-budget)
  if (( gz_after > budget )); then
    echo "the gzipped wasm ($gz_after bytes) is over the budget in web/size-budget ($budget bytes)" >&2
    exit 1
  fi
  echo "within the size budget: $gz_after of $budget bytes gzipped"
fi

if $chat; then
  cargo build -p iqchannels-proto --profile wasm-release --target wasm32-unknown-unknown --no-default-features --features wasm,chat --example web
  rm -rf web/pkg-chat
  wasm-bindgen --target web --remove-name-section --remove-producers-section \
    --out-dir web/pkg-chat --out-name iqchannels_proto "$wasm"
  "$wasm_opt" -Oz web/pkg-chat/iqchannels_proto_bg.wasm -o web/pkg-chat/iqchannels_proto_bg.wasm.opt
  mv web/pkg-chat/iqchannels_proto_bg.wasm.opt web/pkg-chat/iqchannels_proto_bg.wasm
  echo "the operator workplace's package (web/pkg-chat): $(gz web/pkg-chat/iqchannels_proto_bg.wasm) bytes gzipped"
  declarations chat web/pkg-chat/iqchannels_proto.d.ts
  pack iqchannels-proto-chat web/pkg-chat
fi
