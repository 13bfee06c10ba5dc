"""SMS cost of one complete first poll, per language, with realistic station names.

    .venv/bin/python -m benchmarks.sms_cost [--stations FILE.csv] [--json]

A new resident is taken through the real conversation engine (no database): "Hello", the
language menu, consent, the station choice (answered with the station's code, so the
first page of the menu is what is counted), gender, age band, every question of the
current ``trust`` poll (first option; the comment skipped with 0) and the thanks with an
upcoming Open Day. Every reply the bot sends is measured with ``feedback_bot.sms`` (the
counter ``polls lint`` uses). The run is repeated for each station of the file, so each
prompt that names the station is measured with every real name; the table shows the
mean, smallest and largest total per language, the station-choice share of it, and the
costliest single prompt.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import statistics
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from feedback_bot.conversation import context as c
from feedback_bot.conversation import effects as e
from feedback_bot.conversation import engine
from feedback_bot.i18n import LANGUAGES
from feedback_bot.polls import load_poll
from feedback_bot.sms import measure

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_STATIONS = ROOT / "tests" / "fixtures" / "stations" / "iraq_mps_24.csv"
NOW = dt.datetime(2026, 9, 27, 9, 0, tzinfo=dt.UTC)
OPEN_DAY = dt.datetime(2026, 9, 30, 7, 0, tzinfo=dt.UTC)  # a Wednesday in September
SITE = "https://bot.example.org"  # PUBLIC_BASE_URL for the links in texts


def read_stations(path: Path) -> tuple[c.StationView, ...]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return tuple(
        c.StationView(
            number,
            row["code"],
            row["code"].replace("-", "").lower(),
            {language: row[f"name_{language}"] for language in LANGUAGES},
        )
        for number, row in enumerate(rows, start=1)
    )


@dataclass
class Resident:
    """The facts the engine's effects set, kept in memory."""

    view: c.ResidentView = field(default_factory=c.ResidentView)
    state: dict[str, Any] = field(default_factory=dict)
    response_id: int | None = None
    completed: bool = False

    def apply(self, outcome: e.Outcome) -> None:
        for effect in outcome.effects:
            changes: dict[str, Any] = {}
            if isinstance(effect, e.SetLanguage):
                changes["language"] = effect.language
            elif isinstance(effect, e.GiveConsent):
                changes["consented"] = True
            elif isinstance(effect, e.SetStation):
                changes["station_id"] = effect.station_id
            elif isinstance(effect, e.SetProfile):
                changes["profile_known"] = True
            elif isinstance(effect, e.StartResponse):
                self.response_id = 1
            elif isinstance(effect, e.CompleteResponse):
                self.completed = True
                changes["trust_completed"] = True
            if changes:
                self.view = c.ResidentView(**{**_fields(self.view), **changes})
        self.state = outcome.state
        if self.response_id and "poll" in self.state:
            self.state["poll"]["response_id"] = self.response_id


def _fields(view: c.ResidentView) -> dict[str, Any]:
    return {
        "language": view.language,
        "consented": view.consented,
        "station_id": view.station_id,
        "profile_known": view.profile_known,
        "opted_out": view.opted_out,
        "trust_completed": view.trust_completed,
    }


def first_poll(
    language: str, station: c.StationView, stations: tuple[c.StationView, ...], site: str = SITE
) -> list[tuple[str, str]]:
    """(step, text) of every message the bot sends to one new resident for one first poll."""
    resident = Resident()
    open_days = {station.id: (c.OpenDayView(1, station.id, OPEN_DAY, OPEN_DAY),)}
    trust = load_poll("trust")
    replies = [
        "Hello",
        str(LANGUAGES.index(language) + 1),
        "1",  # consent
        station.code,  # the station choice
        "1",  # gender
        "2",  # age band 18-29
        *("1" if q.type == "choice" else (q.skip or "-") for q in trust.questions),
    ]
    sent: list[tuple[str, str]] = []
    for text in replies:
        ctx = c.Context(
            now=NOW,
            resident=resident.view,
            stations=stations,
            open_days=open_days,
            timezone="Asia/Baghdad",
            site_url=site,
        )
        outcome = engine.handle(resident.state, c.Incoming.from_text(text), ctx)
        resident.apply(outcome)
        sent += [(_asking(resident.state, trust), reply) for reply in outcome.replies]
    if not resident.completed:
        raise RuntimeError(f"{language}: the poll did not complete; the flow changed")
    return sent


def _asking(state: dict[str, Any], trust: Any) -> str:
    """What the bot's reply asks for: the step it leaves the resident in."""
    step = state.get("step")
    if step == "question":
        return trust.questions[int(state["poll"]["index"])].id
    return step or "thanks"


def cost(stations: tuple[c.StationView, ...]) -> dict[str, dict[str, Any]]:
    results: dict[str, dict[str, Any]] = {}
    for language in LANGUAGES:
        totals, menu_totals, worst, over = [], [], (0, "", ""), set()
        for station in stations:
            messages = first_poll(language, station, stations)
            sizes = [(step, text, measure(text).segments) for step, text in messages]
            totals.append(sum(s for _, _, s in sizes))
            menu_totals.append(sum(s for step, _, s in sizes if step == "station"))
            for step, text, segments in sizes:
                if step != "station" and segments > worst[0]:
                    worst = (segments, step, text)
                if step != "station" and segments > 2:
                    over.add(step)
        results[language] = {
            "messages": len(messages),
            "mean": round(statistics.mean(totals), 2),
            "min": min(totals),
            "max": max(totals),
            "station_choice": max(menu_totals),
            "without_station_choice": round(statistics.mean(totals) - max(menu_totals), 2),
            "over_2_segments": sorted(over),
            "worst_prompt_segments": worst[0],
            "worst_prompt": worst[2].split("\n")[0][:60],
        }
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stations", type=Path, default=DEFAULT_STATIONS)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    stations = read_stations(args.stations)
    results = cost(stations)
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
        return
    print(
        f"{len(stations)} stations from {args.stations.name}; trust v{load_poll('trust').version}"
    )
    print("| language | messages | segments, mean (min-max) | station choice | without it | "
          "other prompts over 2 segments |")  # fmt: skip
    print("|---|---|---|---|---|---|")
    for language, row in results.items():
        print(
            f"| {language} | {row['messages']} | {row['mean']} ({row['min']}-{row['max']}) | "
            f"{row['station_choice']} | {row['without_station_choice']} | "
            f"{', '.join(row['over_2_segments']) or 'none'} |"
        )


if __name__ == "__main__":
    main()
