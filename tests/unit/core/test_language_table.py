"""One language table: code, native name, Babel locale and direction, read by every module."""

import ast
from pathlib import Path

from babel import Locale

from feedback_bot import i18n

PACKAGE = Path(i18n.__file__).parent


def test_every_language_has_its_catalogs_a_babel_locale_and_a_direction():
    assert i18n.LANGUAGES == ("ar", "ckb", "kmr", "en")
    for language in i18n.LANGUAGE_TABLE:
        assert i18n.catalog_files(language.code), language.code
        assert Locale.parse(language.babel_locale)
        assert language.direction in ("rtl", "ltr")
    assert [i18n.text_direction(code) for code in i18n.LANGUAGES] == ["rtl", "rtl", "ltr", "ltr"]


def test_an_unknown_code_reads_as_english():
    assert i18n.language("fr").code == "en"
    assert i18n.text_direction(None) == "ltr"


def test_no_other_module_keeps_its_own_language_list():
    """Native names, Babel locales or the four codes spelled out belong to i18n.py alone."""
    table = {"العربية", "کوردی سۆرانی", "Kurdî Kurmancî", "ar_IQ", "ckb_IQ"}
    owners = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and node.value in table:
                owners.add(path.relative_to(PACKAGE).as_posix())
            codes = [
                elt.value
                for elt in getattr(node, "elts", [])
                if isinstance(node, (ast.Tuple, ast.List, ast.Set))
                and isinstance(elt, ast.Constant)
            ]
            if set(codes) >= {"ar", "ckb", "kmr", "en"}:
                owners.add(path.relative_to(PACKAGE).as_posix())
    assert owners == {"i18n.py"}
