"""What the API documents: its query parameters and the shape of its answers.

drf-spectacular builds `/api/openapi.json` from these; the views build their JSON with plain
functions (`api.incident_json`), and a test checks real answers against this description.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers

from ingest.extract import vocab

from .filters import CHAIN_LABELS, RECORD_BUCKETS, SORTS, TTD_LABELS

MAX_PAGE_SIZE = 200
PAGE_SIZE = 50


def _codes(kind: str) -> list[str]:
    return [item["code"] for item in vocab.load()[kind]]


def facet(name: str, description: str, enum=None) -> OpenApiParameter:
    items = {"type": "string", **({"enum": enum} if enum else {})}
    return OpenApiParameter(
        name, {"type": "array", "items": items}, style="form", explode=True,
        description=f"{description} Repeat the parameter for OR; facets combine with AND.",
    )  # fmt: skip


FILTER_PARAMETERS = [
    OpenApiParameter(
        "q", str, description="Japanese-aware full-text search (Sudachi normalised forms)."
    ),
    facet("cause", "Cause code.", _codes("causes")),
    facet("forensic_firm", "Forensic firm code (`lac`, `verizon`, …; `unnamed`)."),
    facet("card_data", "Card data item code.", _codes("card_data")),
    facet("personal_data", "Personal data item code.", _codes("personal_data")),
    facet("discovered_by", "Discoverer code.", _codes("discoverers")),
    facet("year", "Year of first disclosure (`2020`)."),
    facet("ttd", "Time to disclosure bucket.", list(TTD_LABELS)),
    facet("records", "Records bucket.", [code for code, *_ in RECORD_BUCKETS] + ["unknown"]),
    OpenApiParameter(
        "chain",
        {"type": "array", "items": {"type": "string", "enum": list(CHAIN_LABELS)}},
        style="form",
        explode=True,
        description="`followup`: more than one notice, or a follow-up or final report; "
        "`revised`: a notice's text was revised after publication; `count_changed`: a later "
        "notice stated another count than an earlier one. Repeat the parameter for AND "
        "(each value narrows the list).",
    ),
    OpenApiParameter("sort", str, enum=list(SORTS), description="Order; `-date` by default."),
    OpenApiParameter(
        "updated_since",
        OpenApiTypes.DATETIME,
        description="Only incidents changed at or after this ISO 8601 time (`2026-01-31T00:00Z`"
        "; a date means its midnight in Tokyo). For incremental sync.",
    ),  # fmt: skip
    OpenApiParameter(
        "disclosed_from", OpenApiTypes.DATE, description="First disclosed on or after this date."
    ),
    OpenApiParameter(
        "disclosed_to", OpenApiTypes.DATE, description="First disclosed on or before this date."
    ),
]
PAGE_PARAMETERS = [
    OpenApiParameter("page", {"type": "integer", "minimum": 1}, description="Page number."),
    OpenApiParameter(
        "page_size",
        {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
        description=f"Results per page ({PAGE_SIZE} by default, at most {MAX_PAGE_SIZE}).",
    ),  # fmt: skip
]


class CodedSerializer(serializers.Serializer):
    """A vocabulary value: `code` is what the filter of the same name takes."""

    code = serializers.CharField()
    label = serializers.CharField()


class FirmSerializer(CodedSerializer):
    name = serializers.CharField(help_text="Canonical name")


class DisclosureSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    published_on = serializers.DateField(allow_null=True)
    report_stage = CodedSerializer(allow_null=True)
    source = serializers.URLField(allow_null=True, help_text="The notice's URL, when known")
    revision = serializers.IntegerField()
    updated_at = serializers.DateTimeField()


class CountPointSerializer(serializers.Serializer):
    field = serializers.ChoiceField(choices=["records_max", "records_confirmed"])
    value = serializers.IntegerField()
    notice = serializers.IntegerField(help_text="id of the disclosure that states it")
    published_on = serializers.DateField(allow_null=True)
    cited = serializers.BooleanField(help_text="An earlier figure this notice revises")


class IncidentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.URLField(help_text="The incident's page")
    api_url = serializers.URLField()
    veris_url = serializers.URLField()
    organization = serializers.CharField(allow_null=True)
    sites = serializers.ListField(child=serializers.CharField())
    published_on = serializers.DateField(allow_null=True)
    first_disclosed_on = serializers.DateField(allow_null=True)
    year = CodedSerializer(allow_null=True, help_text="Year of first disclosure")
    report_stage = CodedSerializer(allow_null=True)
    discovered_on = serializers.DateField(allow_null=True)
    discovered_by = CodedSerializer(allow_null=True)
    forensic_investigation = serializers.BooleanField()
    forensic_firm = FirmSerializer(allow_null=True)
    forensic_report_on = serializers.DateField(allow_null=True)
    causes = CodedSerializer(many=True)
    card_data = CodedSerializer(many=True)
    personal_data = CodedSerializer(many=True)
    records_max = serializers.IntegerField(allow_null=True)
    records_confirmed = serializers.IntegerField(allow_null=True)
    fraud_cases = serializers.IntegerField(allow_null=True)
    count_changes = serializers.ListField(
        child=serializers.IntegerField(),
        help_text="The successive records_max figures the notices stated (1200, 2345) when the "
        "count changed over the notice chain; empty when it never changed",
    )
    count_history = CountPointSerializer(many=True)
    has_followup = serializers.BooleanField(help_text="A 続報 or 最終報告 was published")
    count_changed = serializers.BooleanField(help_text="A later notice revised the count")
    has_revision = serializers.BooleanField(help_text="A notice's text was revised")
    records = CodedSerializer(help_text="Records bucket of records_max")
    exposure_periods = serializers.ListField(
        child=serializers.ListField(child=serializers.DateField(allow_null=True))
    )
    payment_suspended_on = serializers.DateField(allow_null=True)
    reported_to = CodedSerializer(many=True)
    ttd_days = serializers.IntegerField(allow_null=True, help_text="Days to disclosure")
    ttd = CodedSerializer(help_text="Time-to-disclosure bucket")
    unverified_fields = serializers.ListField(
        child=serializers.CharField(),
        help_text="Fields whose value is uncertain and no editor has checked yet",
    )
    updated_at = serializers.DateTimeField()
    disclosures = DisclosureSerializer(many=True)


class FacetValueSerializer(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField(
        allow_null=True, help_text="null: not counted within the time budget (FACET_BUDGET_MS)"
    )


class IncidentPageSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="Matching incidents; a search stops at 1,000")
    count_capped = serializers.BooleanField(
        help_text="The search matched more than `count` incidents (counting stopped there)"
    )
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    page_size = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    filters = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="The filters applied, as parameter -> values",
    )
    results = IncidentSerializer(many=True)
    facets = serializers.DictField(child=FacetValueSerializer(many=True))


class ErrorSerializer(serializers.Serializer):
    error = serializers.CharField()
    parameters = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="For a 400: each parameter that was not understood, with its values",
    )


ERRORS = {400: ErrorSerializer, 404: ErrorSerializer, 405: ErrorSerializer}

SETTINGS = {
    "TITLE": "Japanese card-breach disclosure catalogue",
    "DESCRIPTION": (
        "Incidents extracted from Japanese merchants' card-breach notices. Read-only: GET only, "
        'CORS open, ETag and Last-Modified with 304. Errors are JSON `{"error": ...}`.'
    ),
    "VERSION": "1",
}
