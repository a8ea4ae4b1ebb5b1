"""The catalogue: incidents, the disclosures (published notices) behind them, and corrections.

An incident's fields are *resolved*: the latest disclosure's extracted value (after any
correction of that disclosure), unless an editor corrected the incident itself. Corrections are
rows of their own, so re-ingesting or re-extracting a notice never overwrites them.
"""

import datetime as dt
import re
import unicodedata

import django
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Func, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ingest.extract import calibration
from ingest.extract.checks import parse_values, run_checks
from ingest.extract.fields import DATE_FIELDS, FIELDS, KEY_FIELDS, LIST_FIELDS


class Term(models.Model):
    """A code of a fixed SCHEMA vocabulary with its labels, seeded from extract/vocab.json."""

    class Kind(models.TextChoices):
        CAUSE = "causes", _("Cause")
        CARD_DATA = "card_data", _("Card data")
        PERSONAL_DATA = "personal_data", _("Personal data")
        DISCOVERER = "discoverers", _("Discoverer")
        AUTHORITY = "authorities", _("Authority")
        REPORT_STAGE = "report_stages", _("Report stage")

    kind = models.CharField(_("vocabulary"), max_length=20, choices=Kind.choices)
    code = models.CharField(_("code"), max_length=40)
    label_ja = models.CharField(_("Japanese label"), max_length=100)
    label_en = models.CharField(_("English label"), max_length=100)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["kind", "position"]
        verbose_name = _("vocabulary term")
        verbose_name_plural = _("vocabulary terms")
        constraints = [models.UniqueConstraint(fields=["kind", "code"], name="term_kind_code")]

    def __str__(self):
        return f"{self.kind}:{self.code}"

    @property
    def label(self):
        return self.label_en if (get_language() or "ja").startswith("en") else self.label_ja

    @classmethod
    def labels(cls, kind: str) -> dict[str, str]:
        return {t.code: t.label for t in cls.objects.filter(kind=kind)}


class ForensicFirm(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    label_ja = models.CharField(_("Japanese name"), max_length=200, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("forensic firm")
        verbose_name_plural = _("forensic firms")

    def __str__(self):
        return self.name

    @property
    def label(self):
        if (get_language() or "ja").startswith("ja") and self.label_ja:
            return self.label_ja
        return self.name

    @classmethod
    def for_name(cls, name: str) -> "ForensicFirm":
        """The firm of this canonical name, created when the extractor names a new one."""
        firm = cls.objects.filter(name=name).first()
        if firm:
            return firm
        slug = slugify(name) or f"firm-{cls.objects.count() + 1}"
        while cls.objects.filter(slug=slug).exists():
            slug = f"{slug}-x"
        return cls.objects.create(name=name, slug=slug, label_ja=name)


class FirmAlias(models.Model):
    """A spelling of a firm as notices write it (PCF社, ベライゾン); editors can add more."""

    firm = models.ForeignKey(ForensicFirm, on_delete=models.CASCADE, related_name="aliases")
    alias = models.CharField(_("alias"), max_length=200, unique=True)

    class Meta:
        ordering = ["alias"]
        verbose_name = _("forensic firm alias")
        verbose_name_plural = _("forensic firm aliases")

    def __str__(self):
        return f"{self.alias} → {self.firm.name}"

    @classmethod
    def table(cls) -> dict[str, str]:
        """alias -> canonical name, as the extractor takes it."""
        table = {f.name: f.name for f in ForensicFirm.objects.all()}
        table.update(dict(cls.objects.values_list("alias", "firm__name")))
        return table


REVIEW_FIELDS = KEY_FIELDS
# A value whose measured confidence is below this is shown as unverified until an editor
# reviews or corrects it (calibration.json: the rule that produced it was right less often).
REVIEW_CONFIDENCE = 0.8
# Checks that doubt a time to disclosure: it is kept out of the TTD facet until reviewed.
TTD_FIELDS = frozenset({"first_disclosed_on", "discovered_on"})


class IncidentQuerySet(models.QuerySet):
    def needing_review(self):
        """Incidents with a missing, doubtful or contradictory key field, the most expected
        errors first."""
        return self.exclude(review_fields=[]).order_by("-expected_errors", "created_at", "id")

    def search(self, terms: list[str]):
        """Incidents whose indexed Sudachi terms include every one of `terms`."""
        if not terms:
            return self
        query = " & ".join(tsquery_lexeme(t) for t in terms)
        return self.extra(where=["breaches_incident.search_vector @@ %s::tsquery"], params=[query])


def tsquery_lexeme(term: str) -> str:
    # Quoted lexemes are taken as they are, without another parse that could split them.
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


class DaysBetween(Func):
    template = "(%(expressions)s)"
    arg_joiner = " - "
    output_field = models.IntegerField()


class Incident(models.Model):
    organization = models.CharField(_("organization"), max_length=300, blank=True)
    org_key = models.CharField(max_length=300, blank=True, db_index=True, editable=False)
    sites = ArrayField(
        models.CharField(max_length=300), blank=True, default=list, verbose_name=_("sites")
    )
    published_on = models.DateField(_("published on"), null=True, blank=True)
    first_disclosed_on = models.DateField(_("first disclosed on"), null=True, blank=True)
    report_stage = models.CharField(_("report stage"), max_length=20, blank=True)
    discovered_on = models.DateField(_("discovered on"), null=True, blank=True)
    discovered_by = models.CharField(_("discovered by"), max_length=40, blank=True)
    forensic_firm = models.ForeignKey(
        ForensicFirm, on_delete=models.PROTECT, null=True, blank=True, related_name="incidents",
        verbose_name=_("forensic firm"),
    )  # fmt: skip
    forensic_investigation = models.BooleanField(_("forensic investigation"), default=False)
    forensic_report_on = models.DateField(_("forensic report on"), null=True, blank=True)
    causes = ArrayField(
        models.CharField(max_length=40), blank=True, default=list, verbose_name=_("causes")
    )
    card_data = ArrayField(
        models.CharField(max_length=40), blank=True, default=list, verbose_name=_("card data")
    )
    personal_data = ArrayField(
        models.CharField(max_length=40), blank=True, default=list, verbose_name=_("personal data")
    )
    records_max = models.BigIntegerField(_("records (max)"), null=True, blank=True)
    records_confirmed = models.BigIntegerField(_("records (confirmed)"), null=True, blank=True)
    fraud_cases = models.BigIntegerField(_("fraud cases"), null=True, blank=True)
    exposure_periods = models.JSONField(_("exposure periods"), default=list, blank=True)
    payment_suspended_on = models.DateField(_("payment suspended on"), null=True, blank=True)
    reported_to = ArrayField(
        models.CharField(max_length=40), blank=True, default=list, verbose_name=_("reported to")
    )
    # A time to disclosure that a cross-field check doubts is left out (NULL) until reviewed.
    ttd_doubtful = models.BooleanField(default=False, editable=False)
    ttd_days = models.GeneratedField(
        expression=models.Case(
            models.When(ttd_doubtful=True, then=models.Value(None)),
            default=DaysBetween("first_disclosed_on", "discovered_on"),
            output_field=models.IntegerField(),
        ),
        output_field=models.IntegerField(),
        db_persist=True,
        verbose_name=_("days to disclosure"),
    )
    review_fields = ArrayField(
        models.CharField(max_length=40), blank=True, default=list, editable=False,
        help_text=_("Key fields that are missing or uncertain and not yet reviewed"),
    )  # fmt: skip
    confidence = models.JSONField(
        default=dict, editable=False, help_text=_("Measured confidence of each resolved value")
    )
    unverified_fields = ArrayField(
        models.CharField(max_length=40), blank=True, default=list, editable=False,
        help_text=_("Fields whose value is below the review confidence or fails a check"),
    )  # fmt: skip
    checks = models.JSONField(
        default=list, editable=False, help_text=_("Cross-field checks the values fail")
    )
    expected_errors = models.FloatField(default=0.0, editable=False)
    search_vector = SearchVectorField(null=True, editable=False)
    grouping_reason = models.TextField(_("why grouped"), blank=True, editable=False)
    # The notice chain, kept by resolve(): a later notice (第2報, 最終報告) or a revised text.
    has_followup = models.BooleanField(_("follow-up notices"), default=False, editable=False)
    has_revision = models.BooleanField(_("revised notice text"), default=False, editable=False)
    count_history = models.JSONField(
        default=list, editable=False,
        help_text=_("Each count the notices stated, in order: value, field, disclosure, date"),
    )  # fmt: skip
    merge_candidates = models.JSONField(
        default=list, editable=False,
        help_text=_("Incidents that may be the same breach, with the reason, for an editor"),
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = IncidentQuerySet.as_manager()

    class Meta:
        ordering = ["-first_disclosed_on", "-id"]
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        indexes = [
            GinIndex(fields=["search_vector"], name="incident_search"),
            GinIndex(fields=["causes"], name="incident_causes"),
            GinIndex(fields=["card_data"], name="incident_card_data"),
            GinIndex(fields=["sites"], name="incident_sites"),
            models.Index(fields=["first_disclosed_on"], name="incident_first_disclosed"),
            models.Index(fields=["ttd_days"], name="incident_ttd"),
            models.Index(fields=["records_max"], name="incident_records"),
            models.Index(fields=["-expected_errors"], name="incident_expected_errors"),
        ]

    def __str__(self):
        name = self.organization or ", ".join(self.sites) or _("(unnamed)")
        return f"{name} ({self.first_disclosed_on or self.published_on or '?'})"

    def get_absolute_url(self):
        return reverse("breaches:detail", args=[self.pk])

    def schema_values(self) -> dict:
        """The resolved fields as SCHEMA values (ISO dates, firm by canonical name)."""
        out = {}
        for name in FIELDS:
            if name == "forensic_firm":
                out[name] = self.forensic_firm.name if self.forensic_firm else None
                continue
            value = getattr(self, name)
            if name in DATE_FIELDS:
                value = value.isoformat() if value else None
            elif name in ("organization", "report_stage", "discovered_by"):
                value = value or None
            out[name] = value
        return out

    def set_schema_value(self, name: str, value) -> None:
        if name == "forensic_firm":
            self.forensic_firm = ForensicFirm.for_name(value) if value else None
        elif name in DATE_FIELDS:
            self.__dict__[name] = dt.date.fromisoformat(value) if value else None
        elif name in ("organization", "report_stage", "discovered_by"):
            setattr(self, name, value or "")
        elif name in LIST_FIELDS:
            setattr(self, name, list(value or []))
        else:
            setattr(self, name, value)

    def resolve(self) -> None:
        """Recompute every field from the disclosures and the corrections, and save."""
        disclosures = list(self.disclosures.order_by("published_on", "id"))
        values = dict.fromkeys(FIELDS)
        confidence = dict.fromkeys(FIELDS, 0.0)
        firsts = []
        for disclosure in disclosures:  # oldest first, so later notices win
            corrections = disclosure.active_corrections()
            corrected = {c.field for c in corrections}
            effective = disclosure.extracted_values()
            effective.update({c.field: c.new_value for c in corrections})
            for name, value in effective.items():
                if value not in (None, [], ""):
                    values[name] = value
                    confidence[name] = disclosure.confidence(name, corrected)
            firsts += [effective.get("first_disclosed_on"), effective.get("published_on")]
        # A later notice often names the date of the first announcement: take the earliest.
        known = [d for d in firsts if d]
        values["first_disclosed_on"] = min(known) if known else None
        values["forensic_investigation"] = bool(values["forensic_investigation"])
        for correction in self.corrections.active().order_by("created_at", "id"):
            values[correction.field] = correction.new_value
            confidence[correction.field] = 1.0
        for name, value in values.items():
            self.set_schema_value(name, value)
        self.org_key = organization_key(self.organization)
        self.assess(values, confidence)
        self.save()
        if django.VERSION < (6, 0):
            # Django 5.2 does not read generated columns back on UPDATE: load it on next access.
            self.__dict__.pop("ttd_days", None)
        self.refresh_search_vector()

    def assess(self, values: dict, confidence: dict) -> None:
        """Confidence, cross-field checks and review state of the resolved values.

        A field an editor reviewed or corrected is verified. A check whose fields are all
        verified is accepted; any other failed check doubts its fields, which go to the review
        queue, and a doubted time to disclosure leaves the TTD facet.
        """
        verified = self.verified_fields()
        confidence = {n: 1.0 if n in verified else float(confidence[n]) for n in FIELDS}
        flags = [f for f in run_checks(parse_values(values)) if not set(f.fields) <= verified]
        doubted = {name for flag in flags for name in flag.fields} - verified
        calibrator = calibration.default()
        for name in doubted:
            confidence[name] = min(confidence[name], calibrator.confidence(name, "", True))
        self.confidence = {name: round(c, 3) for name, c in confidence.items()}
        self.checks = [
            {"check": f.check, "fields": list(f.fields), "message": f.message} for f in flags
        ]
        self.unverified_fields = [
            name for name in FIELDS if confidence[name] < REVIEW_CONFIDENCE or name in doubted
        ]
        self.expected_errors = round(sum(1 - c for c in confidence.values()), 3)
        self.ttd_doubtful = bool(doubted & TTD_FIELDS)
        self.review_fields = self.fields_to_review(values, confidence, doubted, verified)

    def verified_fields(self) -> set[str]:
        """Fields an editor reviewed or corrected."""
        if not self.pk:
            return set()
        reviewed = set(self.reviews.values_list("field", flat=True))
        corrected = set(self.corrections.active().values_list("field", flat=True))
        for disclosure in self.disclosures.all():
            corrected.update(c.field for c in disclosure.active_corrections())
        return reviewed | corrected

    def fields_to_review(
        self, values: dict, confidence: dict, doubted: set[str], verified: set[str]
    ) -> list[str]:
        """Key fields that are missing or unverified, and every field a check doubts, unless
        an editor reviewed or corrected it."""
        key_fields = list(REVIEW_FIELDS)
        if values["forensic_investigation"]:
            key_fields.append("forensic_firm")
        pending = [
            name
            for name in key_fields
            if values[name] in (None, "") or confidence[name] < REVIEW_CONFIDENCE
        ]
        pending += [name for name in FIELDS if name in doubted and name not in pending]
        return [name for name in pending if name not in verified]

    def refresh_search_vector(self) -> None:
        terms = set()
        for disclosure in self.disclosures.all():
            terms.update(disclosure.terms.split())
        from ingest.extract.tokens import search_terms

        head = " ".join([self.organization, *self.sites])
        terms.update(search_terms(head) if head.strip() else [])
        Incident.objects.filter(pk=self.pk).update(
            search_vector=Func(
                models.Value(sorted(terms), output_field=ArrayField(models.TextField())),
                function="array_to_tsvector",
                output_field=SearchVectorField(),
            )
        )

    @property
    def ttd_bucket(self) -> str:
        return ttd_bucket(self.ttd_days)


def organization_key(name: str | None) -> str:
    """The organisation's name folded for matching notices of one breach."""
    name = unicodedata.normalize("NFKC", name or "")
    return re.sub(r"\s+|株式会社|有限会社|\(株\)", "", name).casefold()


TTD_BUCKETS = (
    ("le30", 0, 30),
    ("31-90", 31, 90),
    ("91-180", 91, 180),
    ("181-365", 181, 365),
    ("gt365", 366, None),
)


def ttd_bucket(days: int | None) -> str:
    """The facet bucket of a time to disclosure; a doubted one is NULL, so "unknown"."""
    if days is None:
        return "unknown"
    for code, low, high in TTD_BUCKETS:
        if days >= low and (high is None or days <= high):
            return code
    # Negative: a check doubts it and it stays NULL, unless an editor reviewed the dates and
    # accepted them; then it counts as prompt, as the SQL filter does.
    return "le30"


class Disclosure(models.Model):
    """One published notice (第1報, 第2報, 最終報告 …) with its text and what was extracted."""

    incident = models.ForeignKey(
        Incident, on_delete=models.CASCADE, related_name="disclosures", verbose_name=_("incident")
    )
    source_key = models.CharField(
        _("source"), max_length=1000, unique=True, help_text=_("URL, or path of the file")
    )
    source_path = models.CharField(_("source path"), max_length=1000, blank=True)
    source_url = models.URLField(_("source URL"), max_length=1000, blank=True)
    text = models.TextField(_("text"))
    content_hash = models.CharField(max_length=64, db_index=True)
    encoding = models.CharField(_("encoding"), max_length=40, blank=True)
    revision = models.PositiveIntegerField(_("revision"), default=1)
    extraction = models.JSONField(default=dict, help_text=_("value, spans, confidence per field"))
    terms = models.TextField(blank=True, editable=False, help_text=_("Sudachi search terms"))
    published_on = models.DateField(_("published on"), null=True, blank=True)
    report_stage = models.CharField(_("report stage"), max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["published_on", "id"]
        verbose_name = _("disclosure")
        verbose_name_plural = _("disclosures")

    def __str__(self):
        name = self.source_url or self.source_path.rsplit("/", 1)[-1]
        return f"{name} ({self.published_on or '?'})"

    def get_absolute_url(self):
        return reverse("breaches:detail", args=[self.incident_id]) + f"#disclosure-{self.pk}"

    def extracted_values(self) -> dict:
        return {name: self.extraction.get(name, {}).get("value") for name in FIELDS}

    def effective_values(self) -> dict:
        """Extracted values with this disclosure's active corrections applied."""
        values = self.extracted_values()
        for correction in self.active_corrections():
            values[correction.field] = correction.new_value
        return values

    def active_corrections(self) -> list["Correction"]:
        if self.pk is None:
            return []
        return list(self.corrections.active().order_by("created_at", "id"))

    def confidence(self, name: str, corrected: set[str] = frozenset()) -> float:
        if name in corrected:
            return 1.0
        return float(self.extraction.get(name, {}).get("confidence") or 0.0)

    def sync_columns(self) -> None:
        values = self.effective_values()
        published = values.get("published_on")
        self.published_on = dt.date.fromisoformat(published) if published else None
        self.report_stage = values.get("report_stage") or ""


class Revision(models.Model):
    """An earlier text of a disclosure, kept when its file changed."""

    disclosure = models.ForeignKey(Disclosure, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    content_hash = models.CharField(max_length=64)
    text = models.TextField()
    extraction = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["disclosure", "number"]
        verbose_name = _("earlier text")
        verbose_name_plural = _("earlier texts")
        constraints = [
            models.UniqueConstraint(fields=["disclosure", "number"], name="revision_number")
        ]

    def __str__(self):
        return f"{self.disclosure} r{self.number}"


class CorrectionQuerySet(models.QuerySet):
    def active(self):
        return self.filter(reverted_at__isnull=True)


class Correction(models.Model):
    """An editor's value for one field of an incident or of a disclosure; wins over extraction."""

    incident = models.ForeignKey(
        Incident, on_delete=models.CASCADE, null=True, blank=True, related_name="corrections"
    )
    disclosure = models.ForeignKey(
        Disclosure, on_delete=models.CASCADE, null=True, blank=True, related_name="corrections"
    )
    field = models.CharField(_("field"), max_length=40, choices=[(f, f) for f in FIELDS])
    old_value = models.JSONField(_("old value"), null=True, blank=True)
    new_value = models.JSONField(_("new value"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now)
    reverted_at = models.DateTimeField(null=True, blank=True)
    # What the notices said under this field when the editor corrected it; when they later say
    # something else (a new notice, a revised text), the field goes back to the review queue.
    basis = models.JSONField(_("extracted value when corrected"), null=True, blank=True)
    evidence_changed = models.JSONField(
        _("changed evidence"), null=True, blank=True, editable=False,
        help_text=_("The extraction now under this field, when it differs from the basis"),
    )  # fmt: skip
    # A sentence the editor points at for the corrected value: {"disclosure": id, "start", "end"}.
    support = models.JSONField(_("supporting sentence"), null=True, blank=True)

    objects = CorrectionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        constraints = [
            models.CheckConstraint(
                condition=Q(incident__isnull=False) ^ Q(disclosure__isnull=False),
                name="correction_has_one_target",
            )
        ]

    def __str__(self):
        return f"{self.field}: {self.old_value!r} → {self.new_value!r}"


class IncidentMerge(models.Model):
    """One incident folded into another: enough to send its old URL on (301) and to split it
    off again exactly as it was."""

    target = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="merges")
    absorbed_id = models.PositiveBigIntegerField(db_index=True)
    snapshot = models.JSONField(
        default=dict, help_text=_("The absorbed incident's notices, corrections, reviews")
    )
    reason = models.TextField(_("reason"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    split_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("merge")
        verbose_name_plural = _("merges")

    def __str__(self):
        return f"{self.absorbed_id} → {self.target_id}"


class FieldReview(models.Model):
    """An editor checked a key field of an incident: it leaves the review queue."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="reviews")
    field = models.CharField(_("field"), max_length=40)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["incident", "field"], name="review_incident_field")
        ]

    def __str__(self):
        return f"{self.incident_id}:{self.field}"


class ReviewQueue(Incident):
    """The admin's review queue: incidents with a missing or doubtful key field."""

    class Meta:
        proxy = True
        verbose_name = _("incident to review")
        verbose_name_plural = _("review queue")
