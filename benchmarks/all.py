"""Every benchmark in turn, each writing its section of docs/benchmarks.md.

.venv/bin/python -m benchmarks.all [--note "machine quiet"] [--skip p4,…]
"""

from __future__ import annotations

import argparse
import subprocess
import sys

from benchmarks.common import ROOT

# --dry: small sizes, nothing written; to check the chain works before a full run.
DRY = {
    "p1": [
        "--clients",
        "8,32",
        "--requests",
        "300",
        "--warmup",
        "50",
        "--seconds",
        "20",
        "--open-rates",
        "50",
        "--open-seconds",
        "3",
    ],
    "p2": ["--answers", "50000", "--repeats", "3"],
    "p3": ["--sizes", "20000,50000"],
    "migrations": ["--answers", "5000"],
    "p4": [
        "--messages",
        "2000",
        "--rate-seconds",
        "3",
        "--kill-messages",
        "2000",
        "--what-if-messages",
        "2000",
    ],
}
RUNS = {
    "p1": ["benchmarks.webhook"],
    "p2": ["benchmarks.summary", "--sqlite"],
    "p3": ["benchmarks.export", "--sqlite"],
    "migrations": ["benchmarks.migrations"],
    "p4": ["benchmarks.outbox"],
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--note", default="")
    parser.add_argument("--skip", default="")
    parser.add_argument("--dry", action="store_true", help="small sizes, write nothing")
    args = parser.parse_args()
    skip = set(filter(None, args.skip.split(",")))
    failed = []
    for name, command in RUNS.items():
        if name in skip:
            continue
        extra = ["--write"] + (["--note", args.note] if args.note and name != "migrations" else [])
        if args.dry:
            extra = DRY[name]
        print(f"=== {name} ===", flush=True)
        if subprocess.run([sys.executable, "-m", *command, *extra], cwd=ROOT).returncode:
            failed.append(name)
    if failed:
        sys.exit(f"failed: {', '.join(failed)}")


if __name__ == "__main__":
    main()
