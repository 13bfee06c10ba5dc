"""One SMS segment counter: what ``polls lint`` reports is what the digest budgets for."""

import ast
from pathlib import Path

import pytest

from feedback_bot import sms
from feedback_bot.conversation import lint
from feedback_bot.services.scheduled import digests

PACKAGE = Path(sms.__file__).parent


@pytest.mark.parametrize(
    ("text", "segments"),
    [
        ("a" * 160, 1),
        ("a" * 161, 2),
        ("a" * 306, 2),
        ("a" * 307, 3),
        ("a" * 159 + "€", 2),  # an extension character counts twice
        ("a" * 152 + "€" + "a" * 152, 3),  # 306 septets, but the escape pair cannot split
        ("ع" * 70, 1),
        ("ع" * 71, 2),
        ("ع" * 134, 2),
        ("ع" * 135, 3),
        ("a" * 69 + "ê", 1),  # Kurmanji's ê is not GSM-7: the whole text is UCS-2
        ("a" * 70 + "ê", 2),
        ("😀" * 35, 1),  # an emoji is two UTF-16 units
        ("😀" * 36, 2),
    ],
)
def test_segment_count(text, segments):
    assert sms.measure(text).segments == segments


TEXTS = [
    "a" * 160,
    "a" * 161,
    "ع" * 70,
    "ع" * 71,
    "Tu çiqas ewle yî dema bi şev bi tena serê xwe dimeşî?" * 2,  # Kurmanji: î ê ş ç
    "ما مدى ثقتك بالشرطة؟ ١ كثيرا ٢ قليلا ٣ لا أبدا" * 3,
    "How safe do you feel walking alone at night? {1} [2] ~3~" * 3,
]


@pytest.mark.parametrize("text", TEXTS)
def test_the_lint_and_the_digest_count_the_same(text):
    size = lint.PromptSize("en", "sample", text, sms.measure(text))
    assert size.size.segments == digests.sms_segments(text)
    assert size.too_long == (digests.sms_segments(text) > sms.MAX_SEGMENTS)


def test_no_other_module_keeps_its_own_gsm_alphabet():
    """A second counter would start with its own copy of the GSM 03.38 alphabet."""
    owners = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            text = node.value if isinstance(node, ast.Constant) else None
            if isinstance(text, str) and "ÄÖÑÜ§¿" in text:
                owners.append(path.relative_to(PACKAGE).as_posix())
    assert owners == ["sms.py"]
