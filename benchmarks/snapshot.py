"""Run a benchmark against a committed snapshot of the code, not the live working tree.

    .venv/bin/python -m benchmarks.snapshot [--commit HEAD] webhook --clients 8,32,128 --write

The working tree is shared by several engineers and is often half-edited; a benchmark
must measure one known commit. This extracts ``git archive COMMIT`` into
/tmp/fb_bench_src_<sha>, lays it out as the installed package (migrations and compiled
catalogs inside ``feedback_bot``), and runs ``python -m benchmarks.<name>`` there with
that snapshot first on PYTHONPATH. The benchmarks themselves are this tree's
``benchmarks/`` (copied in at each run); results go to this tree's docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

from benchmarks.common import RESULTS, ROOT


def extract(commit: str) -> tuple[Path, str]:
    sha = subprocess.run(
        ["git", "rev-parse", "--short=10", commit], cwd=ROOT, check=True, text=True,
        capture_output=True,
    ).stdout.strip()  # fmt: skip
    target = Path(f"/tmp/fb_bench_src_{sha}")
    if target.exists():
        return target, sha
    archive = subprocess.run(
        ["git", "archive", "--format=tar", sha], cwd=ROOT, check=True, capture_output=True
    ).stdout
    staging = target.with_name(target.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(staging, filter="data")
    shutil.copytree(staging / "migrations", staging / "feedback_bot" / "migrations")
    shutil.copytree(staging / "locales", staging / "feedback_bot" / "locales")
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po_path in (staging / "feedback_bot" / "locales").glob("*/LC_MESSAGES/*.po"):
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file)
        with po_path.with_suffix(".mo").open("wb") as mo_file:
            write_mo(mo_file, catalog, use_fuzzy=False)
    staging.rename(target)
    return target, sha


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commit", default="HEAD")
    parser.add_argument(
        "--with",
        dest="overlay",
        action="append",
        default=[],
        help="dry runs only: also copy this uncommitted file of the working tree in",
    )
    parser.add_argument("benchmark", help="module under benchmarks/, e.g. webhook")
    parser.add_argument("args", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    source, sha = extract(args.commit)
    if args.overlay:
        overlaid = source.with_name(source.name + "-overlay")
        shutil.rmtree(overlaid, ignore_errors=True)
        shutil.copytree(source, overlaid)
        for name in args.overlay:
            target = overlaid / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, target)
            if name.startswith("migrations/"):
                shutil.copy2(ROOT / name, overlaid / "feedback_bot" / name)
        source, sha = overlaid, sha + "+" + ",".join(args.overlay)
    shutil.rmtree(source / "benchmarks", ignore_errors=True)
    shutil.copytree(ROOT / "benchmarks", source / "benchmarks")
    env = {
        **os.environ,
        "PYTHONPATH": str(source),
        "FEEDBACK_BOT_BENCH_RESULTS": str(RESULTS),
        "FEEDBACK_BOT_BENCH_COMMIT": sha,
    }
    print(f"running benchmarks.{args.benchmark} on commit {sha} from {source}", file=sys.stderr)
    completed = subprocess.run(
        [sys.executable, "-m", f"benchmarks.{args.benchmark}", *args.args], cwd=source, env=env
    )
    sys.exit(completed.returncode)


if __name__ == "__main__":
    main()
