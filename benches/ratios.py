#!/usr/bin/env python3
"""Prints the ratios of a `cargo bench` run from criterion's saved estimates.

For each benchmark group with a `crate` function and baselines at the same parameter,
prints the crate's median time and throughput, each baseline's, and the ratio (baseline
time / crate time: above 1 the crate is faster); where the group measures elements, the
crate's nanoseconds per element. Run after `cargo bench`; criterion keeps the last run of
each benchmark, so clear `target/criterion` first to see one run only.
"""
import json
import pathlib
import sys

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "target/criterion")
rows = {}
for estimates in root.glob("**/new/estimates.json"):
    bench = json.loads((estimates.parent / "benchmark.json").read_text())
    median = json.loads(estimates.read_text())["median"]["point_estimate"]
    throughput = bench.get("throughput") or {}
    key = (bench["group_id"], bench.get("value_str") or "")
    rows.setdefault(key, {})[bench["function_id"]] = (median, throughput)


def time(ns):
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if ns >= scale:
            return f"{ns / scale:.2f} {unit}"
    return f"{ns:.1f} ns"


def rate(ns, throughput):
    if "Bytes" in throughput:
        return f" ({throughput['Bytes'] / ns * 1e9 / 1e6:.0f} MB/s)"
    return ""


def order(item):
    (group, parameter), _ = item
    return (group, int(parameter) if parameter.isdigit() else 0, parameter)


print("| group | parameter | crate | baseline | ratio | crate ns/element |")
print("|---|---|---|---|---|---|")
for (group, parameter), functions in sorted(rows.items(), key=order):
    if "crate" not in functions:
        continue
    crate, throughput = functions["crate"]
    per = f"{crate / throughput['Elements']:.2f}" if "Elements" in throughput else ""
    baselines = [(name, value) for name, value in sorted(functions.items()) if name != "crate"]
    for name, (baseline, baseline_throughput) in baselines or [("", (None, {}))]:
        shown = f"{name}: {time(baseline)}{rate(baseline, baseline_throughput)}" if name else ""
        ratio = f"{baseline / crate:.2f}x" if name else ""
        print(f"| {group} | {parameter} | {time(crate)}{rate(crate, throughput)} | {shown} | {ratio} | {per} |")
