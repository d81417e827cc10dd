"""Text folding for matching names typed by hand: composed Unicode, case and, for `fold`, diacritics."""

import unicodedata


def normalize(text):
    """Lower-case, trimmed, single-spaced text in composed Unicode for matching."""
    text = unicodedata.normalize("NFC", str(text or "")).strip().casefold()
    return " ".join(text.split())


def fold(text):
    """`normalize` without diacritics, for lenient matching of names typed by hand."""
    text = unicodedata.normalize("NFD", normalize(text).replace("đ", "d"))
    return "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
