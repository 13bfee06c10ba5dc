"""Writing a definition as an XLSForm: what is exported imports back to the identical definition."""

from __future__ import annotations

import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from feedback_bot.i18n import LANGUAGES
from feedback_bot.xlsform.definition import Choice, Indicator, PollDefinition, Question, Texts
from feedback_bot.xlsform.reader import read_xlsform
from feedback_bot.xlsform.writer import write_xlsform


def four(en: str, ar: str = "نص", ckb: str = "دەق", kmr: str = "Nivîs") -> Texts:
    return Texts(ar=f"{ar} {en}", ckb=f"{ckb} {en}", kmr=f"{kmr} {en}", en=en)


SCALE = tuple(Choice(code, four(f"option {code}")) for code in (1, 2, 3, 4, 9))


def rich() -> PollDefinition:
    return PollDefinition(
        id="rich_poll",
        version=7,
        default_language="ckb",
        title=Texts(ckb="ڕاپرسی", en="A rich poll"),
        questions=(
            Question(
                "scale",
                "select_one",
                four("How much do you trust {station}?"),
                hint=four("Reply with one number"),
                list_name="scale",
                choices=SCALE,
                required=True,
                indicator=Indicator("trusts", positive=(1, 2), excluded=(9,)),
            ),
            Question("intro", "note", four("=1+1 is not a formula"), relevant="${scale} <= 2"),
            Question(
                "many",
                "select_multiple",
                four("Which ones?\nReply with numbers"),
                list_name="scale",
                choices=SCALE,
                relevant="not(${scale} = '9') or ${scale} = ''",
                constraint="not(selected(., '9') and selected(., '1'))",
                constraint_message=four("9 goes alone"),
            ),
            Question(
                "count",
                "integer",
                four("How many?"),
                required=True,
                constraint=". >= 0 and . <= 120.5",
                constraint_message=four("A number from 0 to 120"),
            ),
            Question("words", "text", four("Anything else? (reply 0 to skip)")),
        ),
    )


def round_trip(definition: PollDefinition) -> PollDefinition:
    buffer = io.BytesIO()
    write_xlsform(definition, buffer)
    return read_xlsform(buffer.getvalue())


def test_an_exported_form_imports_back_to_the_identical_definition(tmp_path):
    poll = rich()
    path = tmp_path / "rich.xlsx"
    write_xlsform(poll, path)
    again = read_xlsform(path)
    assert again == poll
    assert again.content_hash == poll.content_hash
    write_xlsform(again, tmp_path / "again.xlsx")
    assert read_xlsform(tmp_path / "again.xlsx").content_hash == poll.content_hash


def test_the_written_workbook_is_an_xlsform_a_translator_can_read(tmp_path):
    path = tmp_path / "rich.xlsx"
    write_xlsform(rich(), path)
    book = load_workbook(path)
    assert book.sheetnames == ["survey", "choices", "settings"]
    survey = [[c.value for c in row] for row in book["survey"].iter_rows()]
    assert survey[0][:6] == [
        "type",
        "name",
        "label::Arabic (ar)",
        "label::Kurdish Sorani (ckb)",
        "label::Kurdish Kurmanji (kmr)",
        "label::English (en)",
    ]
    assert survey[1][:2] == ["select_one scale", "scale"]
    assert survey[2][5] == "=1+1 is not a formula"
    assert book["survey"].cell(row=3, column=6).data_type == "s"
    choices = [[c.value for c in row] for row in book["choices"].iter_rows()]
    assert [row[:2] for row in choices[1:]] == [["scale", code] for code in (1, 2, 3, 4, 9)]
    settings_rows = [[c.value for c in row] for row in book["settings"].iter_rows()]
    assert settings_rows == [
        ["form_id", "version", "default_language", "form_title", "form_title::English (en)"],
        ["rich_poll", 7, "Kurdish Sorani (ckb)", "ڕاپرسی", "A rich poll"],
    ]


labels = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters="{}$"
    ),
    min_size=1,
    max_size=30,
).filter(str.strip)
four_labels = st.fixed_dictionaries({lang: labels for lang in LANGUAGES}).map(Texts)


@st.composite
def definitions(draw) -> PollDefinition:
    codes = draw(st.lists(st.integers(1, 999), min_size=1, max_size=6, unique=True))
    choices = tuple(Choice(code, draw(four_labels)) for code in codes)
    kinds = draw(
        st.lists(
            st.sampled_from(("select_one", "select_multiple", "integer", "text", "note")),
            min_size=1,
            max_size=5,
        )
    )
    questions = []
    for index, kind in enumerate(kinds):
        select = kind in ("select_one", "select_multiple")
        questions.append(
            Question(
                f"q{index}",
                kind,
                draw(four_labels),
                hint=draw(st.one_of(st.just(Texts()), four_labels)),
                list_name="shared" if select else None,
                choices=choices if select else (),
                required=kind != "note" and draw(st.booleans()),
                relevant="${q0} != ''" if index and kinds[0] != "note" else None,
            )
        )
    if all(q.type == "note" for q in questions):
        questions.append(Question("last", "text", draw(four_labels)))
    return PollDefinition(
        id="generated",
        version=draw(st.integers(1, 10**6)),
        questions=tuple(questions),
        title=draw(st.one_of(st.just(Texts()), four_labels)),
        default_language=draw(st.sampled_from(LANGUAGES)),
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(definitions())
def test_any_definition_survives_export_and_import(definition):
    assert round_trip(definition) == definition
