"""Any question ids at all become names that SPSS and Stata both take, distinct, in a real file."""

from __future__ import annotations

import re

import pyreadstat
from hypothesis import given, settings
from hypothesis import strategies as st

from feedback_bot.formats import Choice, Variable, columns, write_dta
from feedback_bot.formats.names import RESERVED

VALID = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,31}$")
ids = st.text(
    alphabet=st.sampled_from("abcXYZ_019 -.سؤالڕێêîû"), min_size=0, max_size=45
) | st.sampled_from(["with", "ALL", "str12", "int", "q1", "_n"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(ids, st.booleans()), min_size=1, max_size=12))
def test_any_ids_give_valid_distinct_names(spec):
    variables = [
        Variable(
            qid, "select_multiple", {"en": qid}, (Choice(1, {"en": "a"}), Choice(23, {"en": "b"}))
        )
        if multiple
        else Variable(qid, "number", {"en": qid})
        for qid, multiple in spec
    ]
    names = [column.name for column in columns(variables)]
    assert len(names) == sum(2 if multiple else 1 for _, multiple in spec)
    assert all(VALID.match(name) for name in names), names
    assert len({name.lower() for name in names}) == len(names)
    assert not any(name.lower() in RESERVED for name in names)


def test_stata_takes_a_file_of_awkward_names(tmp_path):
    awkward = ["with", "ALL", "str12", "سؤال", "سؤال", "-x-", "a" * 40, "a" * 40 + "b", "q1"]
    variables = [Variable(qid, "number", {"en": f"id {qid}"}) for qid in awkward]
    write_dta(tmp_path / "x.dta", variables, [tuple(range(len(awkward)))])
    frame, meta = pyreadstat.read_dta(str(tmp_path / "x.dta"))
    assert list(frame.iloc[0]) == list(range(len(awkward)))
    assert [meta.column_names_to_labels[n] for n in meta.column_names] == [
        f"id {qid}" for qid in awkward
    ]
    assert meta.column_names[:4] == ["q_with", "q_ALL", "q_str12", "q4"]
    assert meta.column_names[4] == "q5" and meta.column_names[8] == "q1"
