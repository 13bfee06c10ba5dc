"""The export's poll descriptions turned into labelled variables for .sav/.dta/.xlsx."""

from __future__ import annotations

from types import SimpleNamespace

import pyreadstat

from feedback_bot.formats import question_variables, write_sav
from feedback_bot.i18n import LANGUAGES
from feedback_bot.polls import load_poll, option_label
from feedback_bot.services.export.polls import all_polls


def question(qid, options, texts=None, **extra):
    return SimpleNamespace(
        id=qid,
        free_text=False,
        texts=texts or {"en": qid},
        options=[SimpleNamespace(code=c, labels={"en": label}) for c, label in options],
        **extra,
    )


def test_the_shipped_polls_give_labels_in_every_language(tmp_path):
    questions = [q for poll in all_polls() for q in poll.questions]
    ids = ["trust_police", "comment", "gone_question"]
    variables = question_variables(ids, questions)
    assert [v.kind for v in variables] == ["select_one", "free_text", "text"]
    for language in LANGUAGES:
        path = tmp_path / f"{language}.sav"
        write_sav(path, variables, [(2, "شكرا", "")], language=language)
        _, meta = pyreadstat.read_sav(str(path))
        latest = load_poll("trust").question("trust_police")  # the latest wording labels
        expected = option_label(language, latest, latest.option(2))
        assert meta.variable_value_labels["trust_police"][2] == expected
        assert meta.column_names_to_labels["gone_question"] == "gone_question"


def test_versions_sharing_an_id_label_every_code_the_latest_wording_first():
    old = question("q", [(1, "yes"), (2, "no"), (9, "old only")], {"en": "Old wording?"})
    new = question("q", [(1, "yes, sure"), (2, "no")], {"en": "New wording?"})
    many = question("sources", [(1, "poster"), (2, "radio")], kind="select_multiple")
    count = question("count", [], kind="integer")
    q, sources, number = question_variables(["q", "sources", "count"], [old, new, many, count])
    assert q.labels == {"en": "New wording?"}
    assert {c.code: c.labels["en"] for c in q.choices} == {1: "yes, sure", 2: "no", 9: "old only"}
    assert sources.kind == "select_multiple" and number.kind == "number"
