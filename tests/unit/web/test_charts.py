import datetime as dt
import xml.etree.ElementTree as ET

from feedback_bot.services.reports.shares import percent
from feedback_bot.web.dashboard.charts import (
    BOTTOM,
    HEIGHT,
    TOP,
    ChartText,
    trend_points,
    trend_svg,
)

SVG = "{http://www.w3.org/2000/svg}"
TEXT = ChartText(title="Trust <police>", suppressed="hidden", rolling="4 weeks")


def cell(share, n=40, low=None, high=None):
    if share is None:
        return {"n": n, "share": None, "ci_low": None, "ci_high": None, "suppressed": True}
    return {
        "n": n,
        "share": share,
        "ci_low": share - 0.1 if low is None else low,
        "ci_high": share + 0.1 if high is None else high,
        "suppressed": False,
    }


def trend(weekly, rolling):
    start = dt.date(2026, 9, 6)
    return [
        {
            "week_start": (start + dt.timedelta(weeks=i)).isoformat(),
            "indicators": {"trust": w},
            "rolling_4w": {"trust": r},
        }
        for i, (w, r) in enumerate(zip(weekly, rolling, strict=True))
    ]


def render(weekly, rolling):
    svg = trend_svg(trend_points(trend(weekly, rolling), "trust"), TEXT, chart_id="c-trust")
    return svg, ET.fromstring(str(svg))


def y_of(share):
    return TOP + (HEIGHT - TOP - BOTTOM) * (1 - share)


def test_each_shown_week_is_a_point_at_its_share_with_its_interval():
    weekly = [cell(0.5, low=0.3, high=0.7), cell(None), cell(1.0, low=0.8, high=1.0)]
    _svg, root = render(weekly, [cell(0.5), cell(0.6), cell(0.7)])
    weeks = root.findall(f"{SVG}g[@class='week']")
    assert [g.get("data-week") for g in weeks] == ["2026-09-06", "2026-09-20"]
    assert root.get("data-weekly-points") == "2"
    circle = weeks[0].find(f"{SVG}circle")
    assert float(circle.get("cy")) == round(y_of(0.5), 1)
    whisker = weeks[0].find(f"{SVG}line[@class='ci']")
    assert {float(whisker.get("y1")), float(whisker.get("y2"))} == {
        round(y_of(0.3), 1),
        round(y_of(0.7), 1),
    }
    assert weeks[1].find(f"{SVG}title").text == "2026-09-20: 100% (80%–100%), n=40"


def test_a_suppressed_week_is_a_gap_not_a_zero():
    _svg, root = render([cell(0.4), cell(None), cell(0.6)], [cell(0.4)] * 3)
    gaps = root.findall(f"{SVG}g[@class='gap']")
    assert [g.get("data-week") for g in gaps] == ["2026-09-13"]
    assert gaps[0].find(f"{SVG}title").text == "2026-09-13: hidden"
    assert gaps[0].find(f"{SVG}circle") is None


def test_rolling_line_breaks_where_the_rolling_cell_is_suppressed():
    rolling = [cell(0.4), cell(0.5), cell(None), cell(0.6), cell(0.7), cell(None), cell(0.2)]
    _svg, root = render([cell(None)] * 7, rolling)
    groups = root.findall(f"{SVG}g[@class='rolling']")
    lines = [g.find(f"{SVG}polyline") for g in groups]
    assert [len(p.get("points").split()) if p is not None else 1 for p in lines] == [2, 2, 1]
    # The lone last week is still drawn (a short dash), at its share.
    dash = groups[2].find(f"{SVG}line")
    assert float(dash.get("y1")) == round(y_of(0.2), 1)
    assert root.get("data-weekly-points") == "0"


def test_text_is_escaped_and_the_title_labels_the_chart():
    svg, root = render([cell(0.5)], [cell(0.5)])
    assert "Trust <police>" not in str(svg)
    title = root.find(f"{SVG}title")
    assert title.text == "Trust <police>"
    assert root.get("aria-labelledby") == title.get("id")


def test_twelve_weeks_fit_inside_the_view_box():
    _svg, root = render([cell(0.5)] * 12, [cell(0.5)] * 12)
    width = float(root.get("viewBox").split()[2])
    xs = [float(c.get("cx")) for c in root.iter(f"{SVG}circle")]
    assert len(xs) == 12 and xs == sorted(xs)
    assert xs[0] > 0 and xs[-1] < width
    labels = [t.text for t in root.iter(f"{SVG}text") if "/" in (t.text or "")]
    assert labels[0] == "6/9" and labels[-1] == "22/11"


def test_percentages_round_halves_up_like_the_digest():
    assert [percent(x) for x in (0.125, 0.135, 0.5, 0.004, 1.0)] == [
        "13%",
        "14%",
        "50%",
        "0%",
        "100%",
    ]
