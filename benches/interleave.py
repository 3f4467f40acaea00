#!/usr/bin/env python3
"""Stage times of two uprc binaries, run alternately, for a fair comparison on a noisy machine.

    benches/interleave.py OLD_UPRC OLD_FOLDER NEW_UPRC NEW_FOLDER [RUNS]

Each binary builds its folder RUNS times (default 40) with -v, in the order old, new, new, old, …;
prints the median of every stage it reports as a Markdown table with the ratio new / old.
"""
import re
import statistics
import subprocess
import sys
import tempfile


def main():
    old_binary, old_folder, new_binary, new_folder = sys.argv[1:5]
    runs = int(sys.argv[5]) if len(sys.argv) > 5 else 40
    out = tempfile.mkdtemp()
    commands = {
        "old": [old_binary, "build", old_folder, "-o", f"{out}/old.pdf", "-v"],
        "new": [new_binary, "build", new_folder, "-o", f"{out}/new.pdf", "-v"],
    }
    stages = {"old": {}, "new": {}}
    for i in range(runs):
        for which in (["old", "new"] if i % 2 == 0 else ["new", "old"]):
            stderr = subprocess.run(commands[which], capture_output=True, text=True, check=True).stderr
            line = next(l for l in stderr.splitlines() if l.startswith("timings:"))
            times = dict((name, float(ms)) for name, ms in re.findall(r"(\w+) ([\d.]+) ms", line))
            # "serialise" (JSON for Typst) was part of "lower" before it had its own line.
            times["lower"] = times.get("lower", 0.0) + times.pop("serialise", 0.0)
            for name, ms in times.items():
                stages[which].setdefault(name, []).append(ms)
    print("| stage | old | new | new / old |\n|---|---|---|---|")
    for name in stages["old"]:
        if name in stages["new"]:
            old = statistics.median(stages["old"][name])
            new = statistics.median(stages["new"][name])
            print(f"| {name} | {old:.1f} ms | {new:.1f} ms | {new / old:.2f} |")


if __name__ == "__main__":
    main()
