"""``feedback-bot open-days``: create, list, cancel and attend, with one-sentence errors."""

import datetime as dt

import pytest
from sqlalchemy import select

from feedback_bot.models import OpenDay, Registration, Resident
from feedback_bot.services.open_days import registrations as open_days
from tests.support.scheduling import add_open_day, add_resident, add_stations, local, queued

FUTURE = "2030-03-10"


@pytest.fixture
def basra(runtime):
    with runtime.transaction() as session:
        return add_stations(session)["BSR-01"].id


def create(runner, *extra):
    return runner.invoke(
        args=[
            "open-days",
            "create",
            "--station",
            "bsr-01",
            "--starts",
            f"{FUTURE}T10:00",
            "--ends",
            f"{FUTURE}T13:00",
            "--capacity",
            "30",
            *extra,
        ]
    )


def test_create_prints_the_id_last_and_reads_times_as_local(runner, runtime, basra):
    result = create(runner, "--title-en", "Open Day at Ashar", "--title-ar", "يوم مفتوح")
    assert result.exit_code == 0, result.output
    open_day_id = int(result.output.strip().splitlines()[-1])
    with runtime.transaction() as session:
        open_day = session.get(OpenDay, open_day_id)
        assert open_day.station_id == basra
        assert open_day.starts_at == dt.datetime(2030, 3, 10, 7, 0, tzinfo=dt.UTC)
        assert open_day.ends_at == dt.datetime(2030, 3, 10, 10, 0, tzinfo=dt.UTC)
        assert open_day.capacity == 30
        assert (open_day.title_en, open_day.title_ar, open_day.title_kmr) == (
            "Open Day at Ashar",
            "يوم مفتوح",
            None,
        )


def test_create_accepts_an_explicit_offset(runner, runtime, basra):
    result = runner.invoke(
        args=["open-days", "create", "--station", "BSR-01", "--starts", f"{FUTURE}T10:00+00:00",
              "--ends", f"{FUTURE}T12:00Z", "--capacity", "5"]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    with runtime.transaction() as session:
        open_day = session.get(OpenDay, int(result.output.split()[-1]))
        assert open_day.starts_at == dt.datetime(2030, 3, 10, 10, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"--starts": "10/03/2030 10:00"}, "--starts '10/03/2030 10:00' is not a date and time"),
        ({"--ends": "tomorrow"}, "--ends 'tomorrow' is not a date and time"),
        ({"--station": "XYZ-9"}, "No station has the code XYZ-9."),
        ({"--ends": f"{FUTURE}T09:00"}, "The Open Day must end after it starts."),
        ({"--capacity": "0"}, "Capacity must be at least 1."),
        (
            {"--starts": "2020-01-01T10:00", "--ends": "2020-01-01T12:00"},
            "must start in the future",
        ),
        ({"--title-kmr": "x" * 41}, "The kmr title has 41 characters"),
    ],
)
def test_create_mistakes_are_one_sentence(runner, runtime, basra, change, message):
    options = {
        "--station": "BSR-01",
        "--starts": f"{FUTURE}T10:00",
        "--ends": f"{FUTURE}T13:00",
        "--capacity": "30",
        **change,
    }
    args = ["open-days", "create"]
    for option, value in options.items():
        args += [option, value]
    result = runner.invoke(args=args)
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output
    with runtime.transaction() as session:
        assert session.scalars(select(OpenDay)).all() == []


def _registrations(runtime, open_day_id, count):
    with runtime.transaction() as session:
        open_day = session.get(OpenDay, open_day_id)
        codes = []
        for i in range(count):
            resident = add_resident(
                session,
                runtime,
                f"+9647701111{i:03d}",
                station=None,
                language=("ar", "en")[i % 2],
            )
            registration = open_days.register(
                session, runtime, resident, open_day, now=local(2026, 12, 1, 12, 0)
            )
            codes.append(registration.code)
        return codes


def test_list_shows_counts_and_filters_by_station(runner, runtime, basra):
    with runtime.transaction() as session:
        stations = add_stations(session)
        ours = add_open_day(
            session, stations["BSR-01"], starts_at=local(2030, 3, 10, 10, 0), capacity=2
        )
        add_open_day(session, stations["BGD-01"], starts_at=local(2030, 3, 11, 10, 0))
        ours_id = ours.id
    _registrations(runtime, ours_id, 3)
    result = runner.invoke(args=["open-days", "list", "--station", "bsr-01"])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 2
    assert lines[1].split("\t") == [
        str(ours_id), "BSR-01", "2030-03-10 10:00", "2030-03-10 13:00", "2", "2", "1", "0",
        "upcoming",
    ]  # fmt: skip
    everything = runner.invoke(args=["open-days", "list"])
    assert len(everything.output.strip().splitlines()) == 3
    unknown = runner.invoke(args=["open-days", "list", "--station", "NOPE-1"])
    assert unknown.exit_code == 1 and "No station has the code NOPE-1." in unknown.output


def test_cancel_tells_everyone_registered_or_waitlisted(runner, runtime, basra):
    with runtime.transaction() as session:
        stations = add_stations(session)
        open_day_id = add_open_day(
            session, stations["BSR-01"], starts_at=local(2030, 3, 10, 10, 0), capacity=1
        ).id
    _registrations(runtime, open_day_id, 2)
    result = runner.invoke(args=["open-days", "cancel", str(open_day_id)])
    assert result.exit_code == 0, result.output
    assert "2 registrants will be told" in result.output
    messages = queued(runtime, "open_day_cancelled")
    assert [m.language for m in messages] == ["ar", "en"]
    assert "أُلغي" in messages[0].body and "10/03 10:00" in messages[0].body
    assert messages[1].body == "Sorry: Open Day at Ashar police station, 10/03 10:00, is cancelled."
    with runtime.transaction() as session:
        statuses = session.scalars(select(Registration.status)).all()
        assert statuses == ["cancelled", "cancelled"]
    again = runner.invoke(args=["open-days", "cancel", str(open_day_id)])
    assert again.exit_code == 1 and f"Open Day {open_day_id} is already cancelled." in again.output
    unknown = runner.invoke(args=["open-days", "cancel", "999"])
    assert unknown.exit_code == 1 and "No Open Day has the id 999." in unknown.output


def test_attend_marks_the_code_in_any_case(runner, runtime, basra):
    with runtime.transaction() as session:
        stations = add_stations(session)
        # Already under way, so attendance can be marked now.
        now = dt.datetime.now(dt.UTC)
        open_day_id = add_open_day(
            session, stations["BSR-01"], starts_at=now + dt.timedelta(hours=1)
        ).id
    with runtime.transaction() as session:
        resident = add_resident(session, runtime, "+9647702222000", station=None)
        code = open_days.register(
            session, runtime, resident, session.get(OpenDay, open_day_id), now=now
        ).code
        resident_id = resident.id
    result = runner.invoke(args=["open-days", "attend", code.lower()])
    assert result.exit_code == 0, result.output
    assert f"Attendance recorded for {code}" in result.output
    with runtime.transaction() as session:
        registration = session.scalar(
            select(Registration).where(Registration.resident_id == resident_id)
        )
        assert registration.status == "attended"
        assert session.get(Resident, resident_id) is not None
    unknown = runner.invoke(args=["open-days", "attend", "qqqqqq"])
    assert unknown.exit_code == 1
    assert "No registration has the code QQQQQQ." in unknown.output
    assert "Traceback" not in unknown.output
