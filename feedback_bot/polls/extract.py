"""Babel extractor for poll data files: question texts, and answer labels by question id."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, BinaryIO


def extract_poll(
    fileobj: BinaryIO, keywords: Any, comment_tags: Any, options: Any
) -> Iterator[tuple[int, str, Any, list[str]]]:
    """Yield (line, function, message, comments) as Babel's extract() expects."""
    data = json.loads(fileobj.read().decode("utf-8"))
    where = f"poll {data['id']} v{data['version']}"
    for question in data["questions"]:
        yield 0, "gettext", question["text"], [f"{where}, question {question['id']}"]
        for option in question.get("options", ()):
            comment = f"{where}: answer {option['code']} of {question['id']}"
            yield 0, "pgettext", (question["id"], option["label"]), [comment]
