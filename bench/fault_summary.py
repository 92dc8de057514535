#!/usr/bin/env python3
"""The table of bench/fault_study.sh: accuracy against the stuck-cell rate.

    python3 bench/fault_summary.py bench-out/faults/*.csv

Each CSV is one `twill-cli study --fault-rates ... --fault-compare` (bench/fault_study.sh names
them MODEL-MODE.csv); its fault_rate and fault_aware columns say each row's condition.
For every model, mode and storage scheme: one line per rate with the accuracy (the study's
final_accuracy: after INQ in inq mode, after encoding in post mode) of fault-aware and of
fault-unaware storage, mean (sample sd) over seeds in %, and aware minus unaware seed by seed.
"""
import csv
import os
import statistics
import sys
from collections import defaultdict


def describe(values):
    if not values:
        return "-"
    m = 100 * statistics.mean(values)
    sd = 100 * statistics.stdev(values) if len(values) > 1 else 0.0
    return "%.2f (%.2f)" % (m, sd)


def main(paths):
    # (model, mode, storage) -> rate -> aware -> seed -> accuracy
    table = defaultdict(lambda: defaultdict(lambda: defaultdict(dict)))
    baseline = defaultdict(dict)
    for path in paths:
        with open(path, newline="") as f:
            reader = csv.DictReader(f)
            if "fault_rate" not in (reader.fieldnames or []):
                sys.exit("%s: no fault_rate column; run the study with --fault-rates (bench/fault_study.sh)" % path)
            for row in reader:
                # MODEL-MODE.csv, or MODEL-MODE-PART.csv for more rates of the same model
                model = os.path.basename(path).split("-", 1)[0]
                key = (model, row["mode"], row["storage"])
                rate = 100 * float(row["fault_rate"])
                aware = "aware" if row["fault_aware"] == "1" else "unaware"
                table[key][rate][aware][row["seed"]] = float(row["final_accuracy"])
                baseline[model][row["seed"]] = float(row["baseline_accuracy"])
    for key in sorted(table):
        model, mode, storage = key
        base = list(baseline[model].values())
        print("%s, %s, %s (float baseline %s %%):" % (model, mode, storage, describe(base)))
        print("  %7s  %-15s  %-15s  %-22s" % ("stuck", "aware %", "unaware %", "aware - unaware (ahead)"))
        for rate in sorted(table[key]):
            by = table[key][rate]
            aware = by.get("aware", {})
            unaware = by.get("unaware", {}) if rate > 0 else aware
            seeds = sorted(set(aware) & set(unaware))
            diff = [aware[s] - unaware[s] for s in seeds]
            d = "-"
            if diff and rate > 0:
                sd = 100 * statistics.stdev(diff) if len(diff) > 1 else 0.0
                d = "%+.2f (%.2f) %d/%d" % (100 * statistics.mean(diff), sd, sum(x > 0 for x in diff), len(diff))
            print("  %6g%%  %-15s  %-15s  %-22s" % (rate, describe(list(aware.values())),
                                                    describe(list(unaware.values())), d))
    return 0


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1:]))
