#!/usr/bin/env python3
"""Prints what `benches/compare.sh` measured: per case, the medians over the runs of the
crate's MB/s, D's, and the crate's ratios over D and S, before and after, and each ratio's
change.

Usage: compare.py DIR RUNS (DIR holds before-N.txt and after-N.txt, the interleaved tables
that `benches/codec.rs` prints).
"""
import pathlib
import statistics
import sys


def table(path):
    """{case: (crate MB/s, ratio over D, ratio over S, D MB/s)} of one interleaved table."""
    rows = {}
    for line in path.read_text().splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) < 7 or cells[0] in ("case", "") or cells[0].startswith("---"):
            continue
        ratio = lambda cell: float(cell.rstrip("x")) if cell else None
        rows[cells[0]] = (float(cells[1]), ratio(cells[5]), ratio(cells[6]), float(cells[2]))
    return rows


root = pathlib.Path(sys.argv[1])
runs = int(sys.argv[2])
sides = {
    side: [table(root / f"{side}-{run}.txt") for run in range(1, runs + 1)]
    for side in ("before", "after")
}


def median(side, case, column):
    values = [rows[case][column] for rows in sides[side] if case in rows and rows[case][column] is not None]
    return statistics.median(values) if values else None


print(f"Medians of {runs} alternating runs of each binary: the crate's MB/s, D's, and the ratios.\n")
print("| case | MB/s before | MB/s after | D's MB/s before | D's MB/s after | vs D before | vs D after | change | vs S before | vs S after | change |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for case in sides["after"][0]:
    cells = [case]
    for column in (0, 3, 1, 2):
        before, after = median("before", case, column), median("after", case, column)
        if column in (0, 3):
            cells += [f"{before:.0f}" if before else "new", f"{after:.0f}"]
        elif before and after:
            cells += [f"{before:.2f}x", f"{after:.2f}x", f"{100 * (after / before - 1):+.1f}%"]
        else:
            cells += ["", f"{after:.2f}x" if after else "", ""]
    print("| " + " | ".join(cells) + " |")
