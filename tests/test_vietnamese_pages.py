"""Every page in Vietnamese, with no English source string of the catalogue left on it.

Each address of the access table (tests/test_access.py: every URL pattern, with the world of
objects built there) is asked for with GET by each role it answers 200 to — the unit, the
Council member, the leader and the office (and the anonymous visitor) — in Vietnamese. The text
of every HTML page (what is shown, and the titles, placeholders, labels and confirmation
questions of its elements) must not contain an English source string of the catalogue: a msgid
of locale/vi of at least two words whose translation differs from it. One found means a
string the page shows without translating it (a gettext called at import time, a label stored
in English, a word built outside the catalogue…).

A msgid with placeholders or markup is looked for by its literal pieces of two words or more.
Pieces that some Vietnamese translation holds too (a name, a reference kept as is) are not
looked for.

New strings of a branch are translated when the lead merges its `locale/pending/*.po`: until
then this test is expected to fail on that branch's pages only in the merged build, not here.
"""

import gettext
import html
import re
from pathlib import Path

import pytest
from django.conf import settings
from test_access import (  # noqa: F401  (the fixtures: the world of objects and its settings)
    ACCESS,
    ROLES,
    _client,
    _test_settings,
    _url,
    media_dir,
    world,
)

VI_MO = Path(settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES" / "django.mo"
# The placeholders and markup inside a msgid: what is left between them is looked for.
SPLITTERS = re.compile(r"%\([^)]*\)[-#0 +]*\d*(?:\.\d+)?[sdifr]|%[sdifr%]|\{[^{}]*\}|<[^>]*>|\s[—–·:;()]\s|\n")
WORD = re.compile(r"[A-Za-z]+(?:'[a-z]+)?")
# Attributes whose values a user reads (tooltips, placeholders, screen readers, confirm dialogs).
SHOWN_ATTRIBUTES = re.compile(
    r"""\s(?:title|placeholder|aria-label|alt|data-confirm|value)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE
)
HIDDEN = re.compile(r"<(script|style|svg|template)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
TAG = re.compile(r"<[^>]*>")
INPUT_VALUES = re.compile(r"<input\b[^>]*\btype=[\"']?(?:hidden|text|email|number|date|search|tel|url)", re.IGNORECASE)


def english_pieces():
    """{English piece: msgid} of the catalogue: literal pieces of ≥ 2 words whose Vietnamese differs."""
    with VI_MO.open("rb") as stream:
        catalogue = gettext.GNUTranslations(stream)._catalog  # noqa: SLF001  (the whole catalogue is the point)
    translations = " ".join(str(value) for value in catalogue.values())
    pieces = {}
    for key, translated in catalogue.items():
        msgid = key[0] if isinstance(key, tuple) else key
        msgid = msgid.split("\x04", 1)[-1]  # without its context
        if not msgid or msgid == translated:
            continue
        for piece in SPLITTERS.split(msgid):
            piece = " ".join(piece.split()).strip(" .,:;!?…\"'“”‘’()[]-–—·/|")
            if len(WORD.findall(piece)) < 2 or piece in translations:
                continue
            pieces.setdefault(piece, msgid)
    return pieces


PIECES = english_pieces()
# Longest first, so that a longer message is reported rather than a shorter one inside it.
FINDER = re.compile(
    r"(?<![\w])(?:" + "|".join(re.escape(p) for p in sorted(PIECES, key=len, reverse=True)) + r")(?![\w])"
)


def shown_text(page):
    """What a reader sees of an HTML page: its text and the attribute values read out or shown."""
    page = HIDDEN.sub(" ", page)
    attributes = []
    for tag in re.findall(r"<[^>]+>", page):
        if INPUT_VALUES.match(tag):  # a field's value is the data typed, not the page's wording
            tag = re.sub(r"""\svalue\s*=\s*("[^"]*"|'[^']*')""", " ", tag)
        attributes += [double or single for double, single in SHOWN_ATTRIBUTES.findall(tag)]
    text = TAG.sub(" ", page)
    return " ".join(html.unescape(" ".join([text, *attributes])).split())


def english_on(page):
    return sorted({(match, PIECES[match]) for match in FINDER.findall(shown_text(page))})


PAGES = [
    pytest.param(name, role, id=f"{name}-{role}")
    for name, (_target, answers, _post) in ACCESS.items()
    for role, expected in zip(ROLES, answers, strict=True)
    if expected == 200 and role != "other_unit"  # the other unit sees what the unit sees
]


def test_the_catalogue_gives_pieces_to_look_for():
    assert len(PIECES) > 500
    assert "Save the changes" in PIECES or any("Save" in piece for piece in PIECES)


def test_an_english_piece_is_found_and_a_vietnamese_page_passes():
    piece = next(p for p in PIECES if len(p) > 12)
    assert english_on(f"<p>Trang <b>{piece}</b></p>") == [(piece, PIECES[piece])]
    assert english_on(f'<button title="{piece}">x</button>') == [(piece, PIECES[piece])]
    assert english_on(f'<input type="text" name="q" value="{piece}">') == []  # data typed, not wording
    assert english_on("<p>Danh sách hợp tác xã</p><script>var x = 'Save the changes';</script>") == []


@pytest.mark.parametrize(("name", "role"), PAGES)
def test_every_page_in_vietnamese_has_no_english_source_string(world, db, name, role):  # noqa: F811  (imported fixture)
    client = _client(world["users"][role])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"

    response = client.get(_url(world, name))

    assert response.status_code == 200
    if not response.get("Content-Type", "").startswith("text/html"):
        return  # files (PDF, XLSX) and JSON are read elsewhere
    assert english_on(response.content.decode()) == []
