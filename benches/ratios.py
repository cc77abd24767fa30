#!/usr/bin/env python3
"""Prints the ratios of a `cargo bench` run from criterion's saved estimates.

For each benchmark group with a `crate` and a baseline function at the same parameter,
prints the crate's median time, the baseline's, the speedup (baseline / crate) and, where
the group measures elements, nanoseconds per element. Run after `cargo bench`.
"""
import json
import pathlib
import sys

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "target/criterion")
rows = {}
for estimates in root.glob("**/new/estimates.json"):
    bench = json.loads((estimates.parent / "benchmark.json").read_text())
    median = json.loads(estimates.read_text())["median"]["point_estimate"]
    elements = (bench.get("throughput") or {}).get("Elements")
    key = (bench["group_id"], bench.get("value_str") or "")
    rows.setdefault(key, {})[bench["function_id"]] = (median, elements)

def fmt(ns):
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if ns >= scale:
            return f"{ns / scale:.2f} {unit}"
    return f"{ns:.1f} ns"

print("| group | parameter | crate | baseline | speedup | crate ns/element |")
print("|---|---|---|---|---|---|")
for (group, parameter), functions in sorted(rows.items(), key=lambda kv: (kv[0][0], int(kv[0][1]) if kv[0][1].isdigit() else kv[0][1])):
    if "crate" not in functions:
        continue
    crate, elements = functions["crate"]
    for name, (baseline, _) in sorted(functions.items()):
        if name == "crate":
            continue
        per = f"{crate / elements:.2f}" if elements else ""
        print(f"| {group} | {parameter} | {fmt(crate)} | {name}: {fmt(baseline)} | {baseline / crate:.2f}x | {per} |")
