"""The Vietnamese catalogue is complete, compiled, and wins over the packages' own catalogues.

Vietnamese comes first on screen, so an empty or fuzzy entry in ``locale/vi`` shows English
to the user, and a ``.mo`` not rebuilt after the ``.po`` changed shows stale wording.
``core/thirdparty_messages.py`` marks messages of Django, django-filter and
django-simple-history that those packages leave untranslated; these tests also check that
every msgid marked there still exists in the installed packages (after an upgrade a changed
msgid would silently fall back to English or to the package's own wording).
"""

import ast
import gettext
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

ROOT = Path(settings.BASE_DIR)
VI_PO = ROOT / "locale" / "vi" / "LC_MESSAGES" / "django.po"
VI_MO = VI_PO.with_suffix(".mo")
THIRDPARTY = ROOT / "core" / "thirdparty_messages.py"


@pytest.fixture(scope="module")
def msgfmt():
    path = shutil.which("msgfmt")
    if path is None:
        pytest.fail("msgfmt (GNU gettext) is missing: run scripts/system-packages.sh")
    return path


def test_vietnamese_catalogue_has_no_untranslated_or_fuzzy_entry(msgfmt):
    result = subprocess.run(
        [msgfmt, "--check", "--statistics", "-o", "/dev/null", str(VI_PO)],
        capture_output=True,
        text=True,
        env={"LC_ALL": "C", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    stats = result.stderr.strip()
    assert re.match(r"^\d+ translated messages?\.$", stats), (
        f"locale/vi has entries to translate: {stats} "
        "Run `make messages`, translate every empty or fuzzy entry (and drop `#, fuzzy`), then compile."
    )


def test_vietnamese_header_declares_language_charset_and_one_plural_form():
    head = VI_PO.read_text(encoding="utf-8").split("\n\n", 1)[0]
    assert '"Language: vi\\n"' in head
    assert "charset=UTF-8" in head
    assert '"Plural-Forms: nplurals=1; plural=0;\\n"' in head
    assert "#, fuzzy" not in head


def test_compiled_catalogue_matches_the_po(msgfmt, tmp_path):
    """Compile the .po afresh and compare message by message with the committed .mo."""
    assert VI_MO.exists(), "locale/vi/LC_MESSAGES/django.mo is missing: run `make messages`"
    fresh = tmp_path / "django.mo"
    subprocess.run([msgfmt, "--check-format", "-o", str(fresh), str(VI_PO)], check=True)
    with fresh.open("rb") as f:
        expected = gettext.GNUTranslations(f)._catalog
    with VI_MO.open("rb") as f:
        committed = gettext.GNUTranslations(f)._catalog
    stale = sorted(str(k) for k in expected.keys() ^ committed.keys())
    stale += sorted(str(k) for k in expected.keys() & committed.keys() if expected[k] != committed[k] and k != "")
    assert not stale, f"locale/vi django.mo is older than django.po (run `make messages`): {stale[:10]}"


def test_our_wording_wins_over_the_packages_catalogues():
    from django import forms

    with translation.override("vi"):
        assert translation.gettext("Organizations") == "Đơn vị"
        assert translation.gettext("Suspended") == "Tạm ngừng hoạt động"
        assert translation.gettext("That page number is not an integer") == "Số trang không phải là số nguyên"
        with pytest.raises(forms.ValidationError) as error:
            forms.IntegerField().clean("abc")
        assert error.value.messages == ["Hãy nhập một số nguyên."]
    with translation.override("en"):
        assert translation.gettext("Organizations") == "Organizations"


def _marked_msgids():
    """(context, msgid, plural) of every call in core/thirdparty_messages.py."""
    marked = []
    for node in ast.walk(ast.parse(THIRDPARTY.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            args = [a.value for a in node.args]
            name = node.func.id
            if name == "gettext_noop":
                marked.append((None, args[0], None))
            elif name == "ngettext_lazy":
                marked.append((None, args[0], args[1]))
            elif name == "pgettext_lazy":
                marked.append((args[0], args[1], None))
    return marked


def _po_msgids(path):
    """Every (context, msgid) of a .po file; enough of a parser for Django's catalogues."""
    found = set()
    context = msgid = key = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("msgctxt "):
            key, context = "msgctxt", ast.literal_eval(line[8:])
        elif line.startswith("msgid "):
            key, msgid = "msgid", ast.literal_eval(line[6:])
        elif line.startswith('"') and key == "msgctxt":
            context += ast.literal_eval(line)
        elif line.startswith('"') and key == "msgid":
            msgid += ast.literal_eval(line)
        else:
            if key == "msgid":
                found.add((context, msgid))
                context = None
            key = None
    return found


def test_thirdparty_msgids_still_exist_in_the_installed_packages():
    import django
    import django_filters
    import simple_history

    django_dir = Path(django.__file__).parent
    known = set()
    for catalogue in ("conf/locale", "contrib/auth/locale", "contrib/admin/locale"):
        known |= _po_msgids(django_dir / catalogue / "en" / "LC_MESSAGES" / "django.po")
    sources = "\n".join(
        path.read_text(encoding="utf-8")
        for package in (django_filters, simple_history)
        for path in Path(package.__file__).parent.rglob("*")
        if path.suffix in {".py", ".html"} and "tests" not in path.parts
    )
    missing = []
    for context, msgid, _plural in _marked_msgids():
        if (context, msgid) in known:
            continue
        # A template's {% blocktranslate %}View {{ verbose_name }}{% endblocktranslate %} has msgid "View %(verbose_name)s".
        pattern = re.sub(r"%\\\((\w+)\\\)s", r"(?:%\\(\1\\)s|\\{\\{\\s*\1\\s*\\}\\})", re.escape(msgid))
        if not re.search(pattern, sources):
            missing.append(msgid)
    assert not missing, f"msgids marked in core/thirdparty_messages.py but gone from the packages: {missing}"
