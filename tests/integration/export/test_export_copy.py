"""On PostgreSQL the export is COPY with every cell made in SQL: byte for byte the Python path."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import text

from feedback_bot.services.export import answers as export
from feedback_bot.services.export import cells
from feedback_bot.services.export import pg_copy as export_copy
from feedback_bot.services.export.filters import parse_request
from tests.support.export import (
    HOSTILE,
    add_resident,
    add_response,
    add_station,
    full_trust,
)


@pytest.fixture
def database_url(postgres_database_url):
    """COPY is PostgreSQL's: these tests run on it in both legs of the suite."""
    return postgres_database_url


UTC = dt.UTC
# Late evening UTC is the next local day in Baghdad (UTC+3): the day filters' edge.
DAY = dt.datetime(2026, 3, 1, 20, 59, 59, 999_000, tzinfo=UTC)

COMMENTS = [
    *HOSTILE,
    "=1+1",
    "'=already quoted",
    " =1 after a space",
    "\n=1 after a newline",
    'شكراً للشرطة، "ممتاز" جداً',
    'Kerade, BGD-01: "good"\r\nsecond line\rthird\nfourth',
    'say "hi", then ""bye""',
    "emoji 👮‍♀️🚓✨ and a flag 🇮🇶",
    "call +964 770 123 4567 now",
    "+9647701234567",
    "009647701234567 is mine",
    "07701234567",
    "0770-123-4567 or 0770.123.4567",
    "(0770) 123 4567",
    "٠٧٧٠١٢٣٤٥٦٧ بالعربي",
    "۰۷۷۰۱۲۳۴۵۶۷",
    "0770\u00a0123\u00a04567 non-breaking",
    "0770\u2009123\u20094567 thin, 0770\u3000123\u30004567 ideographic",
    "0770\x1c123\x1f4567 separators, 0770\x85123\x0b4567",
    "-0770 123 4567",
    "@ 0770 123 4567",
    "12345678 is only eight digits",
    "On 2026-03-01 at 10:00, station BGD-01",
    "\\.",
    "\\N",
    "trailing backslash \\",
    "   ",
    "",
    "\t",
    "x" * 70_000,  # more than one piece of output
]


@pytest.fixture
def hostile_data(runtime):
    with runtime.transaction() as session:
        bgd = add_station(session, "BGD-01", "=cmd|' /C calc'!A0")
        bsr = add_station(session, "BSR-01", 'Basra, "south"\nport')
        empty = add_station(session, "NJF-01", "")
        stations = [bgd, bsr, empty]
        for n, comment in enumerate(COMMENTS):
            station = stations[n % 3]
            gender, age_band = (None, None) if n % 4 == 0 else (n % 3 + 1, n % 5 + 1)
            resident = add_resident(
                session, runtime.vault, station, gender=gender, age_band=age_band
            )
            started = DAY + dt.timedelta(hours=n % 7 * 5, seconds=n)
            answers = full_trust(comment)
            if n % 5 == 1:
                answers["safe_after_dark"] = ("unanswered", None)
                answers["women_access"] = ("skipped", None)
            if n % 6 == 2:
                answers["trust_police"] = 9  # a code no poll defines: no label
                answers["legacy_question"] = 7  # a question no poll has
            status = ("completed", "in_progress", "expired")[n % 3]
            add_response(session, resident, station, answers, started_at=started, status=status)
            if n % 4 == 3:
                add_response(session, resident, station, {}, started_at=started, status="abandoned")
            if n % 5 == 4:
                add_response(
                    session,
                    resident,
                    station,
                    {"od_useful": 1, "od_trust_change": ("skipped", None), "od_comment": comment},
                    poll_id="open_day",
                    started_at=started,
                    language="ckb",
                )
        # An answered question with neither code nor text, and a coded answer with text.
        resident = add_resident(session, runtime.vault, bgd)
        add_response(session, resident, bgd, {"trust_police": 3, "comment": 4}, started_at=DAY)
        session.execute(text("UPDATE answers SET answer_text = '=2' WHERE answer_code = 4"))
        session.execute(
            text("UPDATE answers SET answer_code = NULL, answer_text = NULL WHERE answer_code = 3")
        )


FILTERS = [
    {},
    {"station": "bsr01"},
    {"since": "2026-03-02"},
    {"until": "2026-03-02"},
    {"since": "2026-03-02", "until": "2026-03-03", "station": "BGD-01"},
    {"since": "2026-03-02", "until": "2026-03-02", "station": "NJF-01", "bom": True},
    {"bom": True},
]


@pytest.mark.parametrize("fmt", ["long", "wide"])
@pytest.mark.parametrize("filters", FILTERS)
def test_copy_output_is_byte_for_byte_the_python_paths(
    runtime, hostile_data, monkeypatch, fmt, filters
):
    copies = []
    copy_csv = export_copy.copy_csv
    monkeypatch.setattr(
        export_copy, "copy_csv", lambda *a, **k: copies.append(1) or copy_csv(*a, **k)
    )
    prepared = export.prepare_answers(runtime, parse_request(format=fmt, **filters))
    reference = "".join(export.python_answers_csv(runtime, prepared, batch_size=7))
    assert not copies
    copied = "".join(export.answers_csv(runtime, prepared))
    assert copies == [1]
    assert copied.encode("utf-8") == reference.encode("utf-8")
    assert reference.count("\r\n") > 1 or filters.get("until") == "2026-03-02"


def test_both_paths_report_progress_alike(runtime, hostile_data):
    prepared = export.prepare_answers(runtime, parse_request(format="long"))
    calls = {}
    for name, path in (("copy", export.answers_csv), ("python", export.python_answers_csv)):
        seen = calls[name] = []
        pieces = path(
            runtime,
            prepared,
            batch_size=5,
            progress_every=5,
            on_progress=lambda n, done, seen=seen: seen.append((n, done)),
        )
        "".join(pieces)
    assert calls["copy"] == calls["python"] and calls["copy"][-1][1] is True


def test_the_phone_pattern_spaces_are_pythons(runtime):
    """Every character PostgreSQL's pattern takes as a separator is one Python's takes."""
    python = {c for c in range(1, 0x10000) if re.fullmatch(r"\s", chr(c))}
    with runtime.sessions() as session:
        found = set(
            session.scalars(
                text(
                    "SELECT g FROM generate_series(1, 65535) g "
                    "WHERE g NOT BETWEEN 55296 AND 57343 "
                    "AND regexp_replace(chr(48) || repeat(chr(g) || '0', 8), :pattern, '') = ''"
                ),
                {"pattern": cells.PHONE_PATTERN},
            )
        )
    digits = {ord(c) for c in "0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹"}
    assert found - digits == python | {ord(c) for c in ".()-"}
