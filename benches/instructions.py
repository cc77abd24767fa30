#!/usr/bin/env python3
"""Compares the instruction counts of `cargo bench --bench instructions` with a baseline.

    cargo bench --bench instructions | tee /tmp/counts.log
    python3 benches/instructions.py /tmp/counts.log benches/instructions.baseline

Fails (exit 1) when a count is more than 5% over its baseline, or when a baselined
benchmark did not run. With --write, writes the counts of the log as the new baseline
instead: do that only deliberately, in its own commit, saying why the counts moved.
"""
import re
import sys

LIMIT = 1.05


def counts(log_path):
    found, name = {}, None
    for line in open(log_path, encoding="utf-8"):
        header = re.match(r"^\S+::(\S+) (\S+?):", line)
        if header:
            name = f"{header.group(1)} {header.group(2)}"
            continue
        instructions = re.match(r"^\s+Instructions:\s+(\d+)", line)
        if instructions and name:
            found[name] = int(instructions.group(1))
            name = None
    return found


def main():
    args = [arg for arg in sys.argv[1:] if arg != "--write"]
    if len(args) != 2:
        sys.exit(__doc__)
    log_path, baseline_path = args
    measured = counts(log_path)
    if not measured:
        sys.exit(f"no instruction counts in {log_path}")
    if "--write" in sys.argv:
        with open(baseline_path, "w", encoding="utf-8") as baseline:
            baseline.write("# benchmark\tinstructions (from `cargo bench --bench instructions`)\n")
            for name, count in sorted(measured.items()):
                baseline.write(f"{name}\t{count}\n")
        print(f"wrote {len(measured)} counts to {baseline_path}")
        return
    baseline = {}
    for line in open(baseline_path, encoding="utf-8"):
        if line.strip() and not line.startswith("#"):
            name, count = line.rstrip("\n").split("\t")
            baseline[name] = int(count)
    failed = False
    print("| benchmark | baseline | now | change |")
    print("|---|---:|---:|---:|")
    for name, expected in sorted(baseline.items()):
        now = measured.get(name)
        if now is None:
            print(f"| {name} | {expected} | (did not run) | |")
            failed = True
            continue
        change = now / expected - 1
        mark = " over the 5% limit" if now > expected * LIMIT else ""
        failed |= bool(mark)
        print(f"| {name} | {expected} | {now} | {change:+.1%}{mark} |")
    for name in sorted(set(measured) - set(baseline)):
        print(f"| {name} | (no baseline) | {measured[name]} | |")
    if failed:
        sys.exit("instruction counts grew more than 5% over benches/instructions.baseline")


main()
