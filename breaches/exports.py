"""Spreadsheet exports of the incidents the list's filters select: CSV and Excel.

Every CSV the site writes goes through `csv_response` (or `csv_stream`), which puts the
spreadsheet-formula guard on every text cell. The CSV is labelled for people by default
(Japanese headers and vocabulary labels, English with the language switch); `?format=codes` keeps
the codes form for scripts. Both stream: the CSV row by row, the workbook through XlsxWriter's
constant-memory mode and a temporary file.
"""

import csv
import datetime as dt
import tempfile
from dataclasses import dataclass

from django.db.models import Case, CharField, F, OuterRef, Q, Subquery, Value, When
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language

from .api import bad_request, filtered, load_labels
from .filters import UNNAMED
from .models import Disclosure
from .resolution import count_changes

BOM = "\ufeff"  # Excel reads UTF-8 only with a BOM
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CHUNK = 500
XLSX_URL_LIMIT = 65_530  # Excel's hyperlinks per worksheet; later rows get the URL as text


def guard(value):
    """A text cell that a spreadsheet would run as a formula, defused (CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


class Echo:
    """A file-like object whose write returns the line, for streaming csv.writer output."""

    def write(self, value):
        return value


LINES_A_CHUNK = 200  # a streamed response's chunk: many lines, still a few hundred KB at most


def csv_stream(header, rows):
    writer = csv.writer(Echo())
    yield BOM + writer.writerow([guard(c) for c in header])
    lines = []
    for row in rows:
        lines.append(writer.writerow([guard("" if c is None else c) for c in row]))
        if len(lines) == LINES_A_CHUNK:
            yield "".join(lines)
            lines = []
    if lines:
        yield "".join(lines)


def csv_response(header, rows, filename: str, *, stream: bool = False):
    """The one CSV writer: UTF-8 with BOM, formula guard on every cell."""
    if stream:
        response = StreamingHttpResponse(csv_stream(header, rows))
    else:
        response = HttpResponse("".join(csv_stream(header, rows)))
    response["Content-Type"] = "text/csv; charset=utf-8"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@dataclass(frozen=True)
class Column:
    key: str
    ja: str
    en: str
    kind: str = "text"  # text, date, int, bool, code, codes, url

    @property
    def label(self) -> str:
        return self.en if (get_language() or "ja").startswith("en") else self.ja


COLUMNS = (
    Column("id", "ID", "ID", "int"),
    Column("organization", "組織名", "Organization"),
    Column("sites", "サイト", "Sites"),
    Column("first_disclosed_on", "初回公表日", "First disclosed on", "date"),
    Column("published_on", "公表日", "Published on", "date"),
    Column("report_stage", "報告段階", "Report stage", "code"),
    Column("discovered_on", "発覚日", "Discovered on", "date"),
    Column("discovered_by", "発見者", "Discovered by", "code"),
    Column("ttd_days", "公表までの日数", "Days to disclosure", "int"),
    Column("forensic_investigation", "第三者調査", "Forensic investigation", "bool"),
    Column("forensic_firm", "調査会社", "Forensic firm", "code"),
    Column("forensic_report_on", "調査報告日", "Forensic report on", "date"),
    Column("causes", "原因", "Causes", "codes"),
    Column("card_data", "カード情報", "Card data", "codes"),
    Column("personal_data", "個人情報", "Personal data", "codes"),
    Column("records_max", "件数（最大）", "Records (max)", "int"),
    Column("records_confirmed", "件数（確定）", "Records (confirmed)", "int"),
    Column("fraud_cases", "不正利用件数", "Fraud cases", "int"),
    Column("count_changes", "件数の変化", "Count changes"),
    Column("exposure_periods", "対象期間", "Exposure periods"),
    Column("payment_suspended_on", "決済停止日", "Payment suspended on", "date"),
    Column("reported_to", "報告先", "Reported to", "codes"),
    Column("url", "詳細ページ（根拠）", "Incident page (evidence)", "url"),
    Column("source", "公表文URL", "Notice URL", "url"),
)
# Which label table names a code column's values (see api.load_labels).
LABELS = {
    "report_stage": "report_stage",
    "discovered_by": "discovered_by",
    "forensic_firm": "forensic_firm",
    "causes": "cause",
    "card_data": "card_data",
    "personal_data": "personal_data",
    "reported_to": "reported_to",
}


MODEL_KEYS = [
    c.key for c in COLUMNS if c.key not in ("url", "source", "forensic_firm", "count_changes")
]


def page_urls(request):
    """incident id -> its page's absolute URL, reversing once for the whole export."""
    marker = 999999999
    template = request.build_absolute_uri(reverse("breaches:detail", args=[marker]))
    head, tail = template.split(str(marker))
    return lambda pk: f"{head}{pk}{tail}"


def raw_values(incident: dict, page_url) -> dict:
    """Python values by column key: dates as dates, vocabularies as codes (`incident`: a row
    of `incidents`)."""
    values = {key: incident[key] for key in MODEL_KEYS}
    if incident["forensic_firm__slug"]:
        values["forensic_firm"] = incident["forensic_firm__slug"]
    elif incident["forensic_investigation"]:
        values["forensic_firm"] = UNNAMED
    # 「1200 → 2345」: the successive counts the notices stated, when they changed.
    values["count_changes"] = " → ".join(map(str, count_changes(incident["count_history"] or [])))
    values["url"] = page_url(incident["id"])
    values["source"] = incident["notice_url"]
    return values


def periods_text(periods, dash: str = "/", join: str = "; ") -> str:
    return join.join(dash.join(str(x or "") for x in pair) for pair in periods or [])


def code_cell(column: Column, value, codes: bool = True, labels=None):
    """A value for a CSV cell: codes (`?format=codes`) or labels."""
    if value in (None, "", []):
        return ""
    if column.kind == "date":
        return value.isoformat()
    if column.key == "exposure_periods":
        return periods_text(value) if codes else periods_text(value, "〜", "、")
    if column.kind == "bool":
        return str(value) if codes else {True: labels["_yes"], False: labels["_no"]}[value]
    if column.kind in ("code", "codes") and not codes:
        table = labels[LABELS[column.key]]
        items = value if isinstance(value, list) else [value]
        return labels["_sep"].join(str(table.get(v, v)) for v in items)
    if isinstance(value, list):
        return "; ".join(map(str, value))
    return value


def labels_for(filterset) -> dict:
    labels = load_labels(filterset)
    english = (get_language() or "ja").startswith("en")
    labels["_yes"], labels["_no"] = ("Yes", "No") if english else ("あり", "なし")
    labels["_sep"] = "; " if english else "、"
    return labels


# What the columns read of an incident: plain values, not model instances (whose making, and
# the JSON and search vector columns no column shows, were most of an export's time).
ROW_FIELDS = [
    *MODEL_KEYS, "id", "forensic_investigation", "count_history", "forensic_firm__slug"
]  # fmt: skip


def newest_notice_url():
    """The URL of an incident's newest notice that has one (api.notice_source in SQL: its
    source URL, else its source key when that is a web address; never a local path)."""
    url = Case(
        When(~Q(source_url=""), then=F("source_url")),
        When(
            Q(source_key__startswith="https://") | Q(source_key__startswith="http://"),
            then=F("source_key"),
        ),
        default=Value(None),
        output_field=CharField(),
    )
    newest = (
        Disclosure.objects.filter(incident=OuterRef("pk"))
        .annotate(url=url)
        .exclude(url=None)
        .order_by(F("published_on").desc(nulls_first=True), "-id")
    )
    return Subquery(newest.values("url")[:1])


def incidents(filterset):
    """The selected incidents as dicts of ROW_FIELDS and `notice_url` (its newest notice's
    URL), read CHUNK at a time in one statement: memory stays flat whatever the selection."""
    rows = filterset.qs.annotate(notice_url=newest_notice_url())
    yield from rows.values(*ROW_FIELDS, "notice_url").iterator(chunk_size=CHUNK)


def incident_csv(request):
    filterset, problems = filtered(request, extra=("format",))
    form = request.GET.get("format", "labels")
    if form not in ("labels", "codes"):
        problems["format"] = request.GET.getlist("format")
    if problems:
        return bad_request(problems)
    codes = form == "codes"
    labels = None if codes else labels_for(filterset)
    header = [c.key if codes else c.label for c in COLUMNS]

    page_url = page_urls(request)

    def rows():
        for incident in incidents(filterset):
            values = raw_values(incident, page_url)
            yield [code_cell(c, values.get(c.key), codes, labels) for c in COLUMNS]

    return csv_response(header, rows(), "incidents.csv", stream=True)


def incident_xlsx(request):
    import xlsxwriter

    filterset, problems = filtered(request)
    if problems:
        return bad_request(problems)
    labels = labels_for(filterset)
    spool = tempfile.TemporaryFile()
    # constant_memory: each row goes to disk once written, so memory stays flat.
    book = xlsxwriter.Workbook(spool, {"constant_memory": True, "strings_to_formulas": False})
    english = (get_language() or "ja").startswith("en")
    sheet = book.add_worksheet("Incidents" if english else "インシデント")
    bold = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    date = book.add_format({"num_format": "yyyy-mm-dd"})
    link = book.add_format({"font_color": "blue", "underline": 1})
    for col, column in enumerate(COLUMNS):
        sheet.write_string(0, col, column.label, bold)
        sheet.set_column(col, col, 12 if column.kind in ("date", "int") else 20)
    row = 0
    page_url = page_urls(request)
    for incident in incidents(filterset):
        row += 1
        values = raw_values(incident, page_url)
        for col, column in enumerate(COLUMNS):
            write_cell(sheet, row, col, column, values.get(column.key), labels, date, link)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(row, 1), len(COLUMNS) - 1)
    write_filters_sheet(book, filterset, labels, row, english, bold)
    book.close()
    spool.seek(0)
    response = FileResponse(
        spool,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="incidents.xlsx"'
    return response


def write_cell(sheet, row, col, column, value, labels, date, link) -> None:
    if value in (None, "", []):
        return
    if column.kind == "date":
        sheet.write_datetime(row, col, dt.datetime.combine(value, dt.time()), date)
    elif column.kind == "int":
        sheet.write_number(row, col, value)
    elif column.kind == "url":
        if row <= XLSX_URL_LIMIT:
            sheet.write_url(row, col, value, link, string=value)
        else:
            sheet.write_string(row, col, value)
    else:
        # write_string: never a formula, whatever the notice's text starts with.
        sheet.write_string(row, col, str(code_cell(column, value, codes=False, labels=labels)))


def write_filters_sheet(book, filterset, labels, count, english, bold) -> None:
    sheet = book.add_worksheet("Filters" if english else "条件")
    sheet.set_column(0, 0, 28)
    sheet.set_column(1, 1, 60)
    sheet.write_string(0, 0, "Filter" if english else "条件", bold)
    sheet.write_string(0, 1, "Values" if english else "値", bold)
    row = 1
    params = filterset.echo()
    for name, values in params.items():
        title = str(filterset.filters[name].label) if name in filterset.filters else name
        table = labels.get(name, {})
        shown = labels["_sep"].join(str(table.get(v, v)) for v in values)
        sheet.write_string(row, 0, f"{title} ({name})")
        sheet.write_string(row, 1, shown)
        row += 1
    if not params:
        sheet.write_string(row, 0, "None: every incident" if english else "なし（全件）")
        row += 1
    now = timezone.localtime().strftime("%Y-%m-%d %H:%M %Z")
    sheet.write_string(row + 1, 0, "Incidents" if english else "件数")
    sheet.write_number(row + 1, 1, count)
    sheet.write_string(row + 2, 0, "Exported at" if english else "出力日時")
    sheet.write_string(row + 2, 1, now)
