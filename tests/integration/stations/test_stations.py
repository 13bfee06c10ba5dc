import datetime as dt
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from feedback_bot.models import OpenDay, Station
from feedback_bot.services.stations import list_stations

HEADER = "code,governorate,name_ar,name_ckb,name_kmr,name_en\n"


def write(tmp_path, text, name="stations.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_import_upserts_and_file_order_is_menu_order(runner, runtime, tmp_path):
    first = write(
        tmp_path,
        HEADER
        + "BSR-01,Basra,العشار,عەشار,Eşar,Ashar\nbgd-01,Baghdad,الكرادة,کەڕادە,Kerade,Karrada\n",
    )
    result = runner.invoke(args=["stations", "import", str(first)])
    assert result.exit_code == 0, result.output
    assert "2 created, 0 updated" in result.output

    second = write(
        tmp_path,
        "\ufeff" + HEADER + "BGD-01,Baghdad,الكرادة,کەڕادە,Kerade,Karrada Centre\n"
        "BSR-01,Basra,العشار,عەشار,Eşar,Ashar\n",
        "again.csv",
    )
    result = runner.invoke(args=["stations", "import", str(second)])
    assert result.exit_code == 0, result.output
    assert "0 created, 2 updated" in result.output
    with runtime.transaction() as session:
        stations = list_stations(session)
        assert [(s.code, s.name_en) for s in stations] == [
            ("BGD-01", "Karrada Centre"),
            ("BSR-01", "Ashar"),
        ]


def test_bad_row_names_its_line_and_changes_nothing(runner, runtime, tmp_path):
    path = write(tmp_path, HEADER + "BSR-01,Basra,العشار,عەشار,Eşar,Ashar\nBGD-01,Baghdad,,x,y,z\n")
    result = runner.invoke(args=["stations", "import", str(path)])
    assert result.exit_code == 1
    assert "Line 3: name_ar is empty." in result.output
    assert "Traceback" not in result.output
    with runtime.transaction() as session:
        assert session.scalar(select(func.count()).select_from(Station)) == 0


def test_missing_columns_and_missing_file_are_clear(runner, tmp_path):
    path = write(tmp_path, "code,name\nBGD-01,x\n")
    result = runner.invoke(args=["stations", "import", str(path)])
    assert result.exit_code == 1 and "missing: governorate" in result.output
    result = runner.invoke(args=["stations", "import", str(tmp_path / "nope.csv")])
    assert result.exit_code == 1 and "No such file" in result.output


def test_duplicate_codes_are_refused(runner, tmp_path):
    path = write(tmp_path, HEADER + "BGD-01,Baghdad,a,b,c,d\nbgd01,Baghdad,a,b,c,d\n")
    result = runner.invoke(args=["stations", "import", str(path)])
    assert result.exit_code == 1 and "Line 3: station code BGD01 repeats line 2." in result.output


def test_seed_demo_creates_six_marked_stations_and_open_days_once(runner, runtime):
    for _ in range(2):
        result = runner.invoke(args=["seed", "demo"])
        assert result.exit_code == 0, result.output
    now = dt.datetime.now(dt.UTC)
    with runtime.transaction() as session:
        stations = list_stations(session)
        assert len(stations) == 6 and all(s.is_demo for s in stations)
        assert {s.governorate for s in stations} == {"Anbar", "Baghdad", "Basra", "Ninewa"}
        assert all(s.name_ar and s.name_ckb and s.name_kmr and s.name_en for s in stations)
        open_days = session.scalars(select(OpenDay)).all()
        assert len(open_days) == 6
        assert all(o.starts_at > now and o.ends_at > o.starts_at for o in open_days)
        baghdad = ZoneInfo("Asia/Baghdad")
        assert all(o.starts_at.astimezone(baghdad).weekday() not in (4, 5) for o in open_days)
    listing = runner.invoke(args=["stations", "list"])
    assert "BGD-01" in listing.output and "(demo)" in listing.output


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "up"}
