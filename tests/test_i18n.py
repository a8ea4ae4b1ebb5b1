"""Every interface string has a Japanese translation, and the compiled catalogue is current."""

import re

from django.utils import translation

from conftest import ROOT

PO = ROOT / "locale" / "ja" / "LC_MESSAGES" / "django.po"


def entries():
    """(msgid, msgstr, flags) of each entry of the Japanese catalogue, header left out."""
    for block in PO.read_text(encoding="utf-8").split("\n\n"):
        lines = block.strip().splitlines()
        flags = " ".join(line for line in lines if line.startswith("#,"))
        if any(line.startswith("msgctxt") for line in lines):
            flags += " context"
        text = "\n".join(line for line in lines if not line.startswith("#"))
        parts = re.split(r"^(msgid_plural|msgid|msgstr(?:\[0\])?) ", text, flags=re.M)[1:]
        fields = {}
        for key, value in zip(parts[::2], parts[1::2], strict=True):
            fields[key] = "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', value)).replace('\\"', '"')
        if fields.get("msgid"):
            yield fields["msgid"], fields.get("msgstr", fields.get("msgstr[0]", "")), flags


def test_every_string_has_a_japanese_translation_that_is_not_fuzzy():
    untranslated = [msgid for msgid, msgstr, flags in entries() if not msgstr or "fuzzy" in flags]
    assert untranslated == []
    assert len(list(entries())) > 100


def test_the_compiled_catalogue_matches_the_po_file():
    simple = [
        (msgid, msgstr)
        for msgid, msgstr, flags in entries()
        if "python-format" not in flags and "context" not in flags and "\\n" not in msgid
    ]
    with translation.override("ja"):
        stale = [msgid for msgid, msgstr in simple if translation.gettext(msgid) != msgstr]
    assert stale == []


def test_every_message_of_the_jinja2_templates_has_a_japanese_translation():
    """The Jinja2 templates (templates/jinja2/, config/jinja2.py) take their strings from the
    same catalogue; makemessages does not read their ngettext calls, so this keeps them in it."""
    from django.template import engines

    env = engines["jinja2"].env
    translated = {msgid for msgid, msgstr, flags in entries() if msgstr and "fuzzy" not in flags}
    folder = ROOT / "templates" / "jinja2"
    used = {}
    for path in sorted(folder.rglob("*.html")):
        for _line, function, message in env.extract_translations(path.read_text("utf-8")):
            singular = message[0] if isinstance(message, tuple) else message
            used.setdefault(singular, []).append(f"{path.name} {function}")
    assert len(used) > 40
    missing = {msgid: where for msgid, where in used.items() if msgid not in translated}
    assert missing == {}


def test_the_jinja2_date_filter_reads_as_djangos_in_each_language():
    """config/jinja2.date keeps each calendar date's formatting per language and format: what
    it gives must stay Django's `date` filter's, and one language's must not leak into the
    other's."""
    import datetime as dt

    from django.template import defaultfilters, engines
    from django.utils import timezone

    env = engines["jinja2"].env
    template = env.from_string("{{ d|date }} {{ d|date('Y-m-d') }} {{ d|date('N j, Y') }}")
    moment = timezone.make_aware(dt.datetime(2024, 3, 5, 23, 30))
    for day in (dt.date(2024, 3, 5), dt.date(2019, 12, 31)):
        seen = {}
        for language in ("ja", "en", "ja"):
            with translation.override(language):
                want = " ".join(defaultfilters.date(day, arg) for arg in (None, "Y-m-d", "N j, Y"))
                assert template.render(d=day) == want
                seen[language] = want
                # A datetime is not kept: it is formatted in the current time zone each time.
                assert env.from_string("{{ m|date }}").render(m=moment) == defaultfilters.date(
                    moment
                )
        assert seen["ja"] != seen["en"]
