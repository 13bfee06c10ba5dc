"""P5: writing the labelled files (.sav, .dta, .xlsx) beside the CSV writer, with peak memory.

    .venv/bin/python -m benchmarks.formats [--sizes 100000,1000000] [--write] [--note "…"]

The writers alone, without a database (the export's query is P3's): generated rows
shaped like the export's (the trust poll's six questions plus a select_multiple one,
incomplete and unanswered items, Arabic, Sorani and Kurmanji comments) are streamed
into each writer in its own process, so that each peak resident memory (GNU time,
``%M``) is that writer's alone. "Python + imports" is the same process's memory just
before the first row, so the difference is what the rows cost.

- ``csv long`` / ``csv wide``: ``services.export.cells.safe_batches_csv``, the CSV export's writer;
- ``sav`` / ``dta``: ``formats.write_sav`` / ``write_dta`` of the wide table;
- ``xlsx``: ``formats.write_xlsx`` with the sheets answers (long), responses (wide), codebook.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from benchmarks.common import ROOT, machine_facts, table, write_section

FORMATS = ("csv-long", "csv-wide", "sav", "dta", "xlsx")
ID_KINDS = {
    "response_id": "number", "respondent_id": "text", "wave": "number", "poll_id": "text",
    "poll_version": "number", "station_code": "text", "governorate": "text",
    "channel": "text", "language": "text", "gender": "select_one", "age_band": "select_one",
    "started_at": "datetime", "completed_at": "datetime", "status": "text",
}  # fmt: skip
LONG_HEADER = (
    "response_id", "respondent_id", "wave", "poll_id", "poll_version", "station_code",
    "governorate", "channel", "language", "gender", "age_band", "question_id", "answer_code",
    "answer_label_en", "answer_text", "started_at", "answered_at", "completed_at", "status",
    "source",
)  # fmt: skip
QUESTIONS = ("trust_police", "safe_after_dark", "police_respect", "report_crime",
             "women_access", "comment", "heard_from")  # fmt: skip
CODES = {"trust_police": 4, "safe_after_dark": 5, "police_respect": 4, "report_crime": 4,
         "women_access": 3, "heard_from": 3}  # fmt: skip
STATIONS = (("BGD-01", "Baghdad"), ("BGD-02", "Baghdad"), ("BSR-01", "Basra"),
            ("EBL-01", "Erbil"), ("SUL-01", "Sulaymaniyah"), ("DHK-01", "Duhok"))  # fmt: skip
COMMENTS = (
    "الشرطة تعاملنا باحترام لكن الانتظار طويل",
    "پۆلیس زۆر باشن بەڵام بنکەکە دوورە",
    "Polîs baş in, lê rê dûr e",
    '=HYPERLINK("http://x") please call me',
    "more patrols at night please",
)


def variables():
    from feedback_bot.formats import Choice, Variable, question_variables
    from feedback_bot.services.export.polls import all_polls

    ids = [Variable(name, kind, {"en": name}) for name, kind in ID_KINDS.items()]
    for i, name in enumerate(("gender", "age_band")):
        codes = range(1, 4) if i == 0 else range(1, 6)
        ids[list(ID_KINDS).index(name)] = Variable(
            name, "select_one", {"en": name}, tuple(Choice(c, {"en": str(c)}) for c in codes)
        )
    polls = [q for poll in all_polls() for q in poll.questions]
    questions = question_variables(QUESTIONS[:-1], polls)
    heard = Variable(
        "heard_from",
        "select_multiple",
        {"en": "Where did you hear about this poll?", "ar": "أين سمعت عن هذا الاستطلاع؟"},
        tuple(Choice(c, {"en": f"source {c}"}) for c in (1, 2, 3)),
    )
    return [*ids, *questions, heard]


def responses(answers: int, seed: int = 18) -> Iterator[tuple[tuple, list[tuple]]]:
    """(wide row, long rows) per response until ``answers`` long rows have been made."""
    rng = random.Random(seed)
    made = 0
    number = 0
    while made < answers:
        number += 1
        station, governorate = STATIONS[rng.randrange(len(STATIONS))]
        respondent = f"{rng.getrandbits(96):024x}"
        language = rng.choice(("ar", "ar", "ckb", "kmr", "en"))
        day = 1 + number % 28
        started = f"2026-03-{day:02d}T09:{number % 60:02d}:00+00:00"
        asked = len(QUESTIONS) if rng.random() < 0.85 else rng.randrange(1, len(QUESTIONS))
        status = "completed" if asked == len(QUESTIONS) else "expired"
        completed = f"2026-03-{day:02d}T09:{number % 60:02d}:40+00:00" if asked == 7 else ""
        head = (number, respondent, 1 + number % 3, "trust", 1, station, governorate,
                rng.choice(("sms", "whatsapp")), language, rng.randrange(1, 4),
                rng.randrange(2, 6))  # fmt: skip
        cells: list[object] = []
        long_rows = []
        for position, question in enumerate(QUESTIONS):
            if position >= asked:
                cells.append("")
                continue
            unanswered = rng.random() < 0.05
            if question == "comment":
                text = "" if unanswered or rng.random() < 0.5 else rng.choice(COMMENTS)
                code, cell = None, text
            elif question == "heard_from":
                chosen = sorted(rng.sample(range(1, 4), rng.randrange(1, 4)))
                code, cell = None, ("" if unanswered else " ".join(map(str, chosen)))
                text = cell
            else:
                code = None if unanswered else rng.randrange(1, CODES[question] + 1)
                cell, text = code, ""
            cells.append(cell)
            long_rows.append((*head, question, code, "", text, started, started, completed,
                              "unanswered" if unanswered else "answered", ""))  # fmt: skip
        made += len(long_rows)
        yield (*head, started, completed, status, *cells), long_rows


def _codebook_rows(variables_) -> Iterator[tuple]:
    for variable in variables_:
        yield ("question", variable.name, "", variable.labels.get("en", ""))
        for choice in variable.choices:
            yield ("answer", variable.name, choice.code, choice.labels.get("en", ""))


def child(fmt: str, answers: int, out: Path) -> dict:
    """Write one format (in this process) and report rows, seconds and memory before rows."""
    import itertools

    from feedback_bot import formats
    from feedback_bot.services.export.cells import safe_batches_csv

    variables_ = variables()
    wide_header = [v.name for v in variables_]
    before_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start = time.perf_counter()
    stream = responses(answers)
    if fmt in ("csv-long", "csv-wide"):
        if fmt == "csv-long":
            rows = (row for _, long_rows in stream for row in long_rows)
            header = LONG_HEADER
        else:
            rows = (wide for wide, _ in stream)
            header = wide_header
        count = 0

        def counted():
            nonlocal count
            while batch := list(itertools.islice(rows, 5000)):
                count += len(batch)
                yield batch

        with out.open("w", encoding="utf-8", newline="") as handle:
            for piece in safe_batches_csv(header, counted()):
                handle.write(piece)
    elif fmt in ("sav", "dta"):
        write = formats.write_sav if fmt == "sav" else formats.write_dta
        count = write(out, variables_, (wide for wide, _ in stream), language="ar")
    else:
        # The long and the wide sheet from one pass would need both in step; a second
        # pass of the same generator is what the export's two queries would do.
        long_rows = (row for _, rows in responses(answers) for row in rows)
        wide_rows = (wide for wide, _ in stream)
        counts = formats.write_xlsx(
            out,
            [
                formats.Sheet("answers", LONG_HEADER, long_rows, free_text=("answer_text",)),
                formats.wide_sheet("responses", variables_, wide_rows),
                formats.Sheet(
                    "codebook",
                    ("record", "variable", "code", "text_en"),
                    list(_codebook_rows(variables_)),
                ),
            ],
        )
        count = counts["answers"]
    seconds = time.perf_counter() - start
    return {"rows": count, "seconds": seconds, "before_mb": before_mb, "bytes": out.stat().st_size}


def measure(fmt: str, answers: int, work: Path) -> dict:
    out = work / f"out.{fmt}"
    command = ["/usr/bin/time", "-f", "TIME %e %M", sys.executable, "-m", "benchmarks.formats",
               "--child", fmt, "--answers", str(answers), "--out", str(out)]  # fmt: skip
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{fmt} failed:\n{done.stderr}")
    report = json.loads(done.stdout.strip().splitlines()[-1])
    timing = next(line for line in done.stderr.splitlines() if line.startswith("TIME "))
    report["peak_mb"] = int(timing.split()[2]) / 1024
    out.unlink()
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--write", action="store_true", help="write docs/benchmarks.md")
    parser.add_argument("--note", default="", help="load conditions to record with the figures")
    parser.add_argument("--child", choices=FORMATS, help=argparse.SUPPRESS)
    parser.add_argument("--answers", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.answers, args.out)))
        return
    facts = machine_facts()
    rows = []
    peaks: dict[str, list[tuple[int, float, float]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            responses_count = sum(1 for _ in responses(size))
            for fmt in FORMATS:
                m = measure(fmt, size, Path(tmp))
                per_row = "long" in fmt or fmt == "xlsx"
                rows.append([f"{size:,}", f"{responses_count:,}", fmt, f"{m['rows']:,}",
                             f"{m['seconds']:.2f}", f"{m['bytes'] / 1e6:.1f}",
                             f"{m['before_mb']:.0f}", f"{m['peak_mb']:.0f}"])  # fmt: skip
                print(" | ".join(rows[-1]), flush=True)
                count = size if per_row else responses_count
                peaks.setdefault(fmt, []).append((count, m["before_mb"], m["peak_mb"]))
    verdicts = []
    for fmt, values in peaks.items():
        if len(values) < 2:
            continue
        (n0, _, p0), (n1, base1, p1) = values[0], values[-1]
        slope = (p1 - p0) * 1024 * 1024 / (n1 - n0) if n1 != n0 else 0.0
        verdicts.append(
            f"{fmt}: peak {p0:.0f} → {p1:.0f} MB for {n1 / n0:.1f}× the rows "
            f"(about {slope:,.0f} bytes a {'row' if fmt in ('csv-long', 'xlsx') else 'response'}"
            f" beyond {base1:.0f} MB of Python and imports)"
        )
    print("\n".join(verdicts))
    if args.write:
        write_section(
            "p5",
            "\n\n".join(
                [
                    f"Run: {facts}." + (f" Conditions: {args.note}" if args.note else ""),
                    table(
                        [
                            "answers",
                            "responses",
                            "writer",
                            "rows written",
                            "seconds",
                            "file MB",
                            "Python + imports MB",
                            "peak RSS MB",
                        ],
                        rows,
                    ),
                    "\n".join(f"- {v}" for v in verdicts),
                ]
            ),
        )


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
