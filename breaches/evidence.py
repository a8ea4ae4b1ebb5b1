"""The admin's view of extracted values next to the sentences they come from."""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from ingest.extract.rules import describe


def evidence_table(rows) -> str:
    """A table of (field, disclosure) rows: the disclosure's value, confidence and evidence."""
    cells = []
    for name, disclosure in rows:
        item = disclosure.extraction.get(name, {}) if disclosure else {}
        text = disclosure.text if disclosure else ""
        evidence = format_html_join(
            mark_safe("<br>"), "{}<mark>{}</mark>{}",
            (evidence_context(text, s, e) for s, e in item.get("spans", [])[:3]),
        )  # fmt: skip
        rule = item.get("rule", "")
        cells.append(
            (name, item.get("value"), item.get("confidence", ""), describe(rule), rule, evidence)
        )
    return format_html(
        "<table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>{}</table>",
        _("field"), _("extracted value"), _("confidence"), _("rule"), _("evidence"),
        format_html_join(
            "",
            '<tr><td>{}</td><td>{}</td><td>{}</td><td title="{}"><code>{}</code></td>'
            "<td>{}</td></tr>",
            cells,
        ),
    )  # fmt: skip


def evidence_context(text: str, start: int, end: int, width: int = 40) -> tuple[str, str, str]:
    """The span with the rest of its sentence around it (escaped by format_html)."""
    left = max(text.rfind("。", 0, start) + 1, text.rfind("\n", 0, start) + 1, start - width)
    right_stops = [i for i in (text.find("。", end), text.find("\n", end)) if i != -1]
    right = min([*right_stops, end + width]) if right_stops else min(len(text), end + width)
    return text[left:start], text[start:end], text[end:right]
