#!/usr/bin/env python3
"""The table of bench/bitl1_study.sh: accuracy against ones and ADC bits.

    python3 bench/bitl1_summary.py bench-out/bitl1/*.csv

Each CSV is one `twill-cli study` named MODEL-FORMAT-LAMBDA.csv. For every storage scheme, one
line per lambda: final accuracy (after INQ), the share of the deployed cells that hold 1 and the
ADC bits of the fullest bitline (the study's adc_bits), each mean (sample sd) over seeds, and
the accuracy change against lambda 0 seed by seed.
"""
import csv
import os
import statistics
import sys
from collections import defaultdict


def describe(values, scale=100.0, digits=2):
    if not values:
        return "-"
    m = scale * statistics.mean(values)
    sd = scale * statistics.stdev(values) if len(values) > 1 else 0.0
    return "%.*f (%.*f)" % (digits, m, digits, sd)


def main(paths):
    # storage -> lambda -> seed -> row
    table = defaultdict(lambda: defaultdict(dict))
    baseline = {}
    for path in paths:
        stem = os.path.basename(path)[: -len(".csv")]
        parts = stem.rsplit("-", 2)
        if len(parts) != 3:
            sys.exit("%s: not named MODEL-FORMAT-LAMBDA.csv (as bench/bitl1_study.sh names its studies)" % path)
        with open(path, newline="") as f:
            for row in csv.DictReader(f):
                if "adc_bits" not in row:
                    sys.exit("%s: no adc_bits column; rerun the study with this release" % path)
                table[row["storage"]][float(parts[2])][row["seed"]] = row
                baseline[row["seed"]] = float(row["baseline_accuracy"])
    print("float baseline %s %%" % describe(list(baseline.values())))
    for storage in sorted(table):
        print("%s:" % storage)
        print("  %7s  %-15s  %-15s  %-13s  %-22s" % ("bit_l1", "accuracy %", "ones %", "ADC bits", "vs bit_l1 0 (points)"))
        ref = table[storage].get(0.0, {})
        for lam in sorted(table[storage]):
            rows = table[storage][lam]
            acc = [float(r["final_accuracy"]) for r in rows.values()]
            ones = [float(r["ones_share"]) for r in rows.values()]
            adc = [float(r["adc_bits"]) for r in rows.values()]
            seeds = sorted(set(rows) & set(ref))
            diff = [float(rows[s]["final_accuracy"]) - float(ref[s]["final_accuracy"]) for s in seeds]
            d = "-"
            if diff and lam > 0:
                d = describe(diff)
            print("  %7g  %-15s  %-15s  %-13s  %-22s" % (lam, describe(acc), describe(ones), describe(adc, 1, 1), d))
    return 0


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1:]))
