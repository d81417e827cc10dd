"""Vietnamese alphabetical order of names, in Python and in the database: one rule everywhere.

The order (CLDR's Vietnamese collation, by hand because PyICU has no wheel to install here):
1. Letters first, in the Vietnamese alphabet: a ă â b c d đ e ê (f) g h i (j) k l m n o ô ơ p q
   r s t u ư v (w) x y (z); spaces before digits before letters; “D” before “Đ”.
2. Then the tones, letter by letter: none, huyền (à), hỏi (ả), ngã (ã), sắc (á), nặng (ạ).
3. Then case: lower before upper. Digraphs (ch, nh, ng, …) sort as their letters, as in ICU.

`vietnamese_key(text)` is the key for sorted(); `Vietnamese("field")` orders a queryset: an ICU
collation on PostgreSQL (vi-x-icu), and on SQLite a collation named “vi” registered on every
connection (`register_sqlite_collation`) that compares by vietnamese_key.
"""

import functools
import unicodedata

from django.db.models.functions import Collate

ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
SHAPE_MARKS = {"\u0306": "ă", "\u0302": "â", "\u031b": "ơ"}  # breve, circumflex, horn (ư, ơ)
TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền hỏi ngã sắc nặng
_LETTER_RANK = {letter: n for n, letter in enumerate(ALPHABET)}
_SHAPED = {
    ("a", "\u0306"): "ă",
    ("a", "\u0302"): "â",
    ("e", "\u0302"): "ê",
    ("o", "\u0302"): "ô",
    ("o", "\u031b"): "ơ",
    ("u", "\u031b"): "ư",
}


def _letters(text):
    """(letter, tone, is_upper) per base character, the shape marks folded into the letter."""
    out = []
    for ch in unicodedata.normalize("NFD", str(text or "")):
        if unicodedata.combining(ch) and out:
            letter, tone, upper = out[-1]
            if ch in TONES:
                out[-1] = (letter, TONES[ch], upper)
            elif (letter, ch) in _SHAPED:
                out[-1] = (_SHAPED[(letter, ch)], tone, upper)
            continue
        lower = ch.lower()
        out.append(("đ" if lower in "đ" else lower, 0, ch != lower))
    return out


def _primary(letter):
    if letter.isspace():
        return (0, 0)
    if letter.isdigit():
        return (2, int(letter) if letter in "0123456789" else ord(letter))
    if letter in _LETTER_RANK:
        return (3, _LETTER_RANK[letter])
    if letter.isalpha():
        return (4, ord(letter))
    return (1, ord(letter))  # punctuation before digits


@functools.lru_cache(maxsize=8192)
def vietnamese_key(text):
    """The sort key of `text` in Vietnamese alphabetical order (see the module's rules)."""
    letters = _letters(" ".join(str(text or "").split()))
    return (
        tuple(_primary(letter) for letter, _tone, _upper in letters),
        tuple(tone for _letter, tone, _upper in letters),
        tuple(upper for _letter, _tone, upper in letters),
        str(text or ""),
    )


def sort_vietnamese(items, key=lambda item: item):
    """`items` sorted by the Vietnamese order of `key(item)` (a name)."""
    return sorted(items, key=lambda item: vietnamese_key(key(item)))


def _compare(left, right):
    a, b = vietnamese_key(left), vietnamese_key(right)
    return (a > b) - (a < b)


def register_sqlite_collation(sender, connection, **kwargs):
    """connection_created: give every SQLite connection the collation “vi” (Vietnamese order)."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation("vi", _compare)


def _postgresql_collation(connection):
    """The ICU Vietnamese collation of this server, or None where PostgreSQL was built without ICU."""
    cached = getattr(connection, "_vietnamese_collation", False)
    if cached is False:
        with connection.cursor() as cursor:
            cursor.execute("SELECT collname FROM pg_collation WHERE collname = 'vi-x-icu' LIMIT 1")
            row = cursor.fetchone()
        cached = connection._vietnamese_collation = row[0] if row else None
    return cached


class Vietnamese(Collate):
    """An expression ordered in Vietnamese: `order_by(Vietnamese("name"))`."""

    def __init__(self, expression):
        super().__init__(expression, "vi")

    def as_postgresql(self, compiler, connection, **extra_context):
        collation = _postgresql_collation(connection)
        if collation is None:
            return compiler.compile(self.get_source_expressions()[0])
        clone = self.copy()
        clone.collation = collation
        return Collate.as_sql(clone, compiler, connection, **extra_context)


def vietnamese_sort_bytes(text):
    """`vietnamese_key(text)` as bytes whose plain byte order is the same order, for a column a
    database sorts and indexes without any collation (bytea on PostgreSQL, a BLOB on SQLite).

    Each part of the key closes with zero bytes and each element is shifted by one, so that a
    shorter part sorts first, as a shorter tuple does; letters are 4 bytes (class, code point).
    """
    primary, tones, upper, original = vietnamese_key(text)
    letters = b"".join(bytes([group + 1]) + value.to_bytes(3, "big") for group, value in primary)
    return b"".join(
        (
            letters,
            b"\x00\x00\x00\x00",
            bytes(tone + 1 for tone in tones),
            b"\x00",
            bytes(int(up) + 1 for up in upper),
            b"\x00",
            original.encode(),
        )
    )


SORT_KEY_LENGTH = 2000  # stored keys are cut here (names of some 130 letters; past that only the order of ties is lost)


def sort_key_text(text):
    """`vietnamese_sort_bytes(text)` as hexadecimal digits: a string that sorts character by
    character in the same order, for a text column that an index orders the same on SQLite
    (binary) and PostgreSQL (whatever the column's collation: digits and a–f sort alike in
    every collation)."""
    return vietnamese_sort_bytes(text).hex()[:SORT_KEY_LENGTH]


def vietnamese_index_operations(name, table, column):
    """The forward and backward functions of a RunPython that gives `table` an index `name` on
    (`column` in Vietnamese order, id), the order a list pages through, on PostgreSQL with ICU.
    SQLite sorts with the registered "vi" collation and gets none (a custom collation in an index
    would bind the database file to this app)."""

    def create(apps, schema_editor):
        connection = schema_editor.connection
        if connection.vendor != "postgresql" or _postgresql_collation(connection) is None:
            return
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE INDEX IF NOT EXISTS {name} ON {table} (({column} COLLATE "vi-x-icu"), id)')

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            with schema_editor.connection.cursor() as cursor:
                cursor.execute(f"DROP INDEX IF EXISTS {name}")

    return create, drop
