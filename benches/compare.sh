#!/usr/bin/env bash
# Compares the codec's speed at two commits on this machine: `benches/compare.sh REV [RUNS]`
# builds `benches/codec.rs` at REV (in a worktree under target/compare) and at the working
# tree, runs the two binaries alternately RUNS times (3 unless given; criterion's own
# groups cut short, each run's interleaved table kept), and prints, per case, the median
# over the runs of the crate's MB/s and of its ratios over D and S, before and after.
#
# A ratio moves when either side's speed moves: the MB/s columns tell the crate's own
# change from its baseline's (D's code and serde_json are the same at both commits, but
# the binary they are linked into is not).
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ $# -lt 1 ]]; then
  echo "usage: benches/compare.sh REV [RUNS]" >&2
  exit 2
fi
rev="$1"
runs="${2:-3}"
out=target/compare
mkdir -p "$out"

# The codec benchmark's binary, built here (cargo's messages on stderr).
binary() {
  cargo bench -p iqchannels-proto --bench codec --no-run --message-format=json |
    python3 -c 'import json, sys
for line in sys.stdin:
    message = json.loads(line)
    if message.get("reason") == "compiler-artifact" and message["target"]["name"] == "codec" and message.get("executable"):
        print(message["executable"])'
}

rm -rf "$out/base"
git worktree add --force --detach "$out/base" "$rev" > /dev/null
trap 'git worktree remove --force "$out/base"' EXIT
before=$(cd "$out/base" && binary)
after=$(binary)
[[ -x "$before" && -x "$after" ]] || { echo "the benchmark did not build" >&2; exit 1; }
for run in $(seq 1 "$runs"); do
  for side in before after; do
    # `=` in the options: a bare value would be read as the benchmark filter.
    "${!side}" --bench --warm-up-time=0.1 --measurement-time=0.2 --sample-size=10 > "$out/$side-$run.log"
    sed -n '/^| case/,$p' "$out/$side-$run.log" > "$out/$side-$run.txt"
  done
done
python3 benches/compare.py "$out" "$runs"
