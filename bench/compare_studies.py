#!/usr/bin/env python3
"""A variant of a study (one option changed) against the study it varies, seed by seed.

    python3 bench/compare_studies.py BASE.csv VARIANT.csv

Both are CSVs of `twill-cli study` that share their baselines (the same model, data, training
and seeds, e.g. through one --baselines folder). For every scheme of the variant: its accuracy
minus the base study's for the same scheme and seed, and minus the base study's plain scheme of
the same cells a weight (overlap:W and transpose:W against plain:W/2, cube:W against plain:W/3
rounded up; the variant's own plain rows when it has them, so that both had the variant's
option), right after encoding and at the end: mean (sample sd) over the seeds both hold.
"""
import csv
import math
import statistics
import sys


def load(path):
    with open(path, newline="") as f:
        return {(r["storage"], r["seed"]): r for r in csv.DictReader(f)}


def plain_of(scheme):
    kind, width = scheme.split(":")
    w = int(width)
    if kind == "plain":
        return None
    return "plain:%d" % math.ceil(w / (3 if kind == "cube" else 2))


def line(diffs):
    if not diffs:
        return "    n/a"
    sd = statistics.stdev(diffs) if len(diffs) > 1 else 0.0
    return "%+6.2f (%.2f)" % (statistics.mean(diffs), sd)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    base, variant = load(sys.argv[1]), load(sys.argv[2])
    schemes = list(dict.fromkeys(s for s, _ in variant))  # in the variant's row order
    print("%-12s %-8s %5s  %-28s %-28s" % ("scheme", "plain", "seeds", "variant - base: encoded, final", "variant - plain: encoded, final"))
    for scheme in schemes:
        seeds = [seed for s, seed in variant if s == scheme and (s, seed) in base]
        plain = plain_of(scheme)
        vs_base = {c: [100 * (float(variant[(scheme, x)][c]) - float(base[(scheme, x)][c])) for x in seeds]
                   for c in ("encoded_accuracy", "final_accuracy")}
        against = variant if plain and any(s == plain for s, _ in variant) else base
        paired = [x for x in seeds if plain and (plain, x) in against]
        vs_plain = {c: [100 * (float(variant[(scheme, x)][c]) - float(against[(plain, x)][c])) for x in paired]
                    for c in ("encoded_accuracy", "final_accuracy")}
        print("%-12s %-8s %5d  %s %s   %s %s" % (scheme, plain or "-", len(seeds), line(vs_base["encoded_accuracy"]),
                                                 line(vs_base["final_accuracy"]), line(vs_plain["encoded_accuracy"]),
                                                 line(vs_plain["final_accuracy"])))


if __name__ == "__main__":
    main()
