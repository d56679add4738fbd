#!/usr/bin/env python3
"""Summarises the aco-drl measurements of docs/aco-drl.md (standard library only).

Reads results/sweep-acodrl/sweep.csv (bin/edgeplan sweep --out results/sweep-acodrl) and the train-ppo outputs of
docs/aco-drl/run-results.sh in results/aco-drl/, and prints: aco-drl's gap to aco-bb and to exact-joint per
bandwidth in the sweep, the per-seed median/worst gaps and training times of the trained policies, and the paper's
qualitative claims checked against the sweep."""
import csv
import glob
import os
import re
import statistics
import sys

root = sys.argv[1] if len(sys.argv) > 1 else "."
sweep = os.path.join(root, "results/sweep-acodrl/sweep.csv")
BWS = ["1", "2", "5", "10", "20", "30", "40", "50"]
BASELINES = ["aco-ear", "spinn-ear", "fp-ar", "device-only", "edge-only", "aco-device-only-ear", "aco-edge-only-ear"]


def pct(x):
    return "%.2f %%" % (round(x * 100, 2) + 0.0)


if os.path.exists(sweep):
    rows = list(csv.DictReader(open(sweep)))
    val = {(r["scenario"], r["bandwidthMbits"], r["method"]): r for r in rows}

    def get(sc, bw, m, col="cost"):
        return float(val[(sc, bw, m)][col])

    print("## sweep (in-process aco-drl, seed 0): gap to aco-bb / to exact-joint")
    for sc in ["image", "video"]:
        gb, gj = [], []
        for bw in BWS:
            c = get(sc, bw, "aco-drl")
            gb.append(c / get(sc, bw, "aco-bb") - 1)
            gj.append(c / get(sc, bw, "exact-joint") - 1)
        print(sc, " | ".join(pct(g) for g in gb), "| median", pct(statistics.median(gb)), "worst", pct(max(gb)))
        print(sc, "vs exact-joint:", " | ".join(pct(g) for g in gj))
    print()
    print("## paper claims, checked per bandwidth (cost, latencySeconds, energyJoules)")
    for sc in ["image", "video"]:
        for metric in ["cost", "latencySeconds"]:
            for b in BASELINES:
                worse = [bw for bw in BWS if get(sc, bw, "aco-drl", metric) > get(sc, bw, b, metric) * (1 + 1e-12)]
                ratio = [get(sc, bw, b, metric) / get(sc, bw, "aco-drl", metric) for bw in BWS]
                print("%s %-15s aco-drl vs %-20s better or equal at %d/8; %s/aco-drl %.3f..%.3f%s" % (
                    sc, metric, b, 8 - len(worse), b, min(ratio), max(ratio),
                    ("; aco-drl worse at " + ",".join(worse) + " Mbit/s") if worse else ""))
        hi = [bw for bw in BWS if int(bw) > 10]
        e = ["%s: %.4f vs %.4f J" % (bw, get(sc, bw, "aco-ear", "energyJoules"), get(sc, bw, "aco-drl", "energyJoules"))
             for bw in hi]
        print(sc, "energy above 10 Mbit/s, aco-ear vs aco-drl:", "; ".join(e))
        adv = ["%s: %s" % (bw, pct(get(sc, bw, "aco-ear") / get(sc, bw, "aco-drl") - 1)) for bw in hi]
        print(sc, "cost advantage of aco-drl over aco-ear above 10 Mbit/s:", "; ".join(adv))
        lat = ["%s: %s" % (bw, pct(get(sc, bw, "aco-ear", "latencySeconds") / get(sc, bw, "aco-drl", "latencySeconds")
                                   - 1)) for bw in hi]
        print(sc, "latency advantage of aco-drl over aco-ear above 10 Mbit/s:", "; ".join(lat))
    print()

print("## trained policies (train-ppo --variant aco-drl): gaps to aco-bb")
for f in sorted(glob.glob(os.path.join(root, "results/aco-drl/*-s*.txt"))):
    text = open(f).read()
    gaps = [float(g) for g in re.findall(r"optimal\s+(-?[0-9.]+) %", text)]
    m = re.search(r"training: (\d+) episodes.*wall ([0-9.]+) s, CPU ([0-9.]+) s", text)
    if not gaps or not m:
        continue
    print("%-28s gaps %s | median %.2f %% worst %.2f %% | wall %s s CPU %s s" % (
        os.path.basename(f), " ".join("%.2f" % g for g in gaps), statistics.median(gaps), max(gaps), m.group(2),
        m.group(3)))

cert = sorted(glob.glob(os.path.join(root, "results/aco-drl/*-certify.txt")))
if cert:
    print()
    print("## seed-0 policies on the shipped sweep files (certify): gap to the plan's exit set (aco-bb), exact-joint")
    for f in cert:
        text = open(f).read()
        own = re.search(r"^the plan's exit set.*?([-0-9.]+ %)\s*$", text, re.M)
        joint = re.search(r"^any exit set.*?([-0-9.]+ %)\s*$", text, re.M)
        print("%-45s %s  %s" % (os.path.basename(f), own.group(1) if own else "?", joint.group(1) if joint else "?"))

print()
print("## learning curves: first checkpoint from which the median greedy gap over the points stays <= 1 %")
for f in sorted(glob.glob(os.path.join(root, "results/aco-drl/*-s*.csv"))):
    by = {}
    for r in csv.DictReader(open(f)):
        by.setdefault(int(r["episode"]), (float(r["seconds"]), []))[1].append(float(r["greedyGapPercent"]))
    since = None
    for ep in sorted(by):
        if statistics.median(by[ep][1]) <= 1.0:
            since = since or ep
        else:
            since = None
    print("%-28s %s" % (os.path.basename(f), "never" if since is None else
                         "%d episodes (%.1f s)" % (since, by[since][0])))

runs = os.path.join(root, "results/quick-acodrl/out/runs.jsonl")
if os.path.exists(runs):
    import json
    recs = [json.loads(line) for line in open(runs)]
    d = {(r["instance"], r["solver"]): r for r in recs}
    print()
    print("## quick suite, problem A (bench docs/aco-drl/quick-multi-exit.json): aco-drl vs aco-bb and exact-joint")
    gb, gj = [], []
    for inst in sorted({r["instance"] for r in recs}):
        a, b, j = (d[(inst, s)] for s in ("aco-drl", "aco-bb", "exact-joint"))
        gb.append(a["objective"] / b["objective"] - 1)
        gj.append(a["objective"] / j["objective"] - 1)
        print("%-36s aco-drl %.6g  aco-bb %.6g  exact-joint %.6g (%s)  gap to aco-bb %s  to exact-joint %s  %.2f s" % (
            inst, a["objective"], b["objective"], j["objective"], j["status"], pct(gb[-1]), pct(gj[-1]),
            a["wallSeconds"]))
    print("median gap to aco-bb %s, worst %s; to exact-joint median %s, worst %s" % (
        pct(statistics.median(gb)), pct(max(gb)), pct(statistics.median(gj)), pct(max(gj))))
