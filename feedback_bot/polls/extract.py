"""Babel extractor for poll data files: question texts, and answer labels by question id."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, BinaryIO

from feedback_bot.polls import translation_context


def extract_poll(
    fileobj: BinaryIO, keywords: Any, comment_tags: Any, options: Any
) -> Iterator[tuple[int, str, Any, list[str]]]:
    """Yield (line, function, message, comments) as Babel's extract() expects."""
    data = json.loads(fileobj.read().decode("utf-8"))
    where = f"poll {data['id']} v{data['version']}"
    own = bool(data.get("own_translations", False))
    for question in data["questions"]:
        context = translation_context(data["id"], int(data["version"]), question["id"])
        comment = [f"{where}, question {question['id']}", *_notes(question)]
        if own:
            yield 0, "pgettext", (context, question["text"]), comment
        else:
            yield 0, "gettext", question["text"], comment
        for option in question.get("options", ()):
            comment = [f"{where}: answer {option['code']} of {question['id']}"]
            yield 0, "pgettext", (context if own else question["id"], option["label"]), comment


def _notes(question: dict[str, Any]) -> list[str]:
    """The translator's notes of a question (``"notes"`` in the data file), one per line."""
    notes = question.get("notes", ())
    return [notes] if isinstance(notes, str) else list(notes)
