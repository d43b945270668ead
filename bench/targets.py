#!/usr/bin/env python3
"""How often each target of the wave-2 runs' reports was met: reads the "Targets" table of every
bench/results/*-wave2.md from a date on (default 2026-12-06, the event-loop listener's runs) and prints, per
target, how many runs met it and the last four figures. The summary at the top of docs/BENCHMARKS.md is this
script's output.

    python3 bench/targets.py [first date, YYYY-MM-DD]
"""
import collections
import glob
import os
import re
import sys

RESULTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "results")


def main():
    since = sys.argv[1] if len(sys.argv) > 1 else "2026-12-06"
    files = sorted(f for f in glob.glob(os.path.join(RESULTS, "*-wave2.md")) if os.path.basename(f)[:10] >= since)
    stats = collections.OrderedDict()
    for path in files:
        with open(path) as f:
            text = f.read()
        if "## Targets" not in text:
            continue
        for line in text.split("## Targets", 1)[1].split("\n## ", 1)[0].splitlines():
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if len(cells) < 3 or not re.search(r"\bmet\b|missed", cells[2]):
                continue
            # the rate and the run's length change from run to run; the target does not
            name = re.sub(r"\s*(\(\d+ req/s\)|at \d+ req/s|\d+ s \(peak\))", "", cells[0]).strip()
            stats.setdefault(name, []).append((os.path.basename(path)[:15], "missed" not in cells[2], cells[1]))
    print("%d runs of bench/wave2.sh, %s to %s" % (len(files), os.path.basename(files[0])[:15], os.path.basename(files[-1])[:15]))
    for name, runs in stats.items():
        print("%2d of %2d met | %s | last: %s" % (sum(1 for r in runs if r[1]), len(runs), name,
                                                 "; ".join("%s %s" % (r[2].split(" (")[0], "met" if r[1] else "missed")
                                                           for r in runs[-4:])))


if __name__ == "__main__":
    main()
