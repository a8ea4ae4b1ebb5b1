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
from django.db import models, transaction
from django.db.models import F, Func, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ingest.extract import calibration
from ingest.extract.checks import parse_values, run_checks
from ingest.extract.fields import DATE_FIELDS, FIELDS, KEY_FIELDS, LIST_FIELDS

from . import audit
from .resolution import Notice, Resolution, count_changes, resolve_notices


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
    def shown(self):
        """Incidents as the pages, the API and the exports read them: with their firm, without
        the search vector (a notice's worth of lexemes that nothing shows or exports)."""
        return self.select_related("forensic_firm").defer("search_vector")

    def needing_review(self):
        """Incidents with a missing, doubtful or contradictory key field, the most expected
        errors first."""
        return self.exclude(Q(review_fields=[]) & Q(merge_candidates=[])).order_by(
            "-expected_errors", "created_at", "id"
        )

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
    count_changed = models.BooleanField(
        _("count revised"), default=False, editable=False,
        help_text=_("A later notice stated another count than an earlier one"),
    )  # fmt: skip
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
            # The list's default order (newest first, undated last) and the other sorts, each
            # with its tie-break, so a page is read off the index instead of sorting everything.
            models.Index(
                F("first_disclosed_on").desc(nulls_last=True),
                F("id").desc(),
                name="incident_default_order",
            ),
            models.Index(
                F("ttd_days").asc(nulls_last=True), F("id").asc(), name="incident_ttd_order"
            ),
            models.Index(
                F("records_max").desc(nulls_last=True),
                F("id").desc(),
                name="incident_records_order",
            ),
            models.Index(fields=["updated_at"], name="incident_updated"),
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

    def resolution(
        self,
        disclosures: list["Disclosure"] | None = None,
        corrections: list["Correction"] | None = None,
    ) -> Resolution:
        """The incident's values from its notices alone (see resolution.py), before the
        editors' corrections of the incident itself; `disclosures`: its notices, and
        `corrections`: the active corrections of the incident and its notices, oldest first,
        when the caller has them. Otherwise the notices' corrections are read in one query."""
        if disclosures is None:
            disclosures = list(self.disclosures.all())
        by_notice: dict[int, list[Correction]] = {d.pk: [] for d in disclosures}
        if corrections is None:
            active = Correction.objects.active().filter(disclosure__in=list(by_notice))
            corrections = list(active.order_by("created_at", "id"))
        for correction in corrections:
            if correction.disclosure_id in by_notice:
                by_notice[correction.disclosure_id].append(correction)
        corrections = by_notice
        return resolve_notices([d.as_notice(corrections[d.pk]) for d in disclosures])

    def resolve(self, *, new_notice: "Disclosure | None" = None) -> None:
        """Recompute every field from the disclosures and the corrections, and save.

        `new_notice`: the importer's new incident, not written yet, of that one new notice.
        Nothing of it can have been corrected or reviewed, so none of that is looked up."""
        if new_notice is not None and not self._state.adding:
            raise ValueError("new_notice is for an incident that is not written yet")
        fresh = new_notice is not None
        disclosures = [new_notice] if fresh else list(self.disclosures.all())
        resolved = resolve_notices([d.as_notice([] if fresh else None) for d in disclosures])
        values, confidence = dict(resolved.values), dict(resolved.confidence)
        values["forensic_investigation"] = bool(values["forensic_investigation"])
        corrections = [] if fresh else self.corrections.active().order_by("created_at", "id")
        for correction in corrections:
            values[correction.field] = correction.new_value
            confidence[correction.field] = 1.0
        if not fresh:
            self.note_changed_evidence(resolved.values, disclosures)
        for name, value in values.items():
            self.set_schema_value(name, value)
        self.org_key = organization_key(self.organization)
        self.has_followup = len(disclosures) > 1 or any(
            d.report_stage in ("update", "final") for d in disclosures
        )
        self.has_revision = any(d.revision > 1 for d in disclosures)
        self.count_history = resolved.counts
        self.count_changed = bool(count_changes(resolved.counts))
        self.assess(values, confidence, fresh=fresh)
        self.refresh_search_vector(disclosures, save=False)
        # An incident the importer has not written yet is inserted here, resolved, at once.
        self.save(force_insert=self._state.adding)
        if django.VERSION < (6, 0):
            # Django 5.2 does not read generated columns or expressions back on UPDATE: load
            # them on next access.
            self.__dict__.pop("ttd_days", None)
            self.__dict__.pop("search_vector", None)

    def note_changed_evidence(self, resolved: dict, disclosures: list["Disclosure"]) -> None:
        """Flag each latest correction whose evidence changed since the editor made it: the
        notices now say something else under the field than when it was corrected."""
        latest = {}
        for correction in self.active_corrections():
            latest[(correction.disclosure_id, correction.field)] = correction
        extracted = {d.pk: d.extracted_values() for d in disclosures}
        for (disclosure_id, name), correction in latest.items():
            if correction.basis is None:
                continue  # made before bases were kept
            now = resolved[name] if disclosure_id is None else extracted[disclosure_id][name]
            was = correction.basis.get("value")
            changed = None if same_schema_value(was, now) else {"old": was, "new": now}
            if changed != correction.evidence_changed:
                correction.evidence_changed = changed
                correction.save(update_fields=["evidence_changed"])

    def all_corrections(self):
        """Corrections of the incident and of its notices."""
        # Two indexed lookups joined by their ids. An OR across the join to the notices
        # (incident = X OR disclosure.incident = X) can use neither index: with 60k corrections
        # at 100k incidents it hashed every notice, 54 ms a read against 1.
        own = Correction.objects.filter(incident=self).values("pk")
        of_notices = Correction.objects.filter(disclosure__incident=self).values("pk")
        return Correction.objects.filter(pk__in=own.union(of_notices, all=True))

    def active_corrections(self) -> list["Correction"]:
        """The active corrections of the incident and of its notices, oldest first."""
        return list(self.all_corrections().active().order_by("created_at", "id"))

    def changed_evidence(self) -> dict[str, "Correction"]:
        """field -> the correction whose evidence changed, waiting for an editor's look."""
        flagged = self.all_corrections().active().filter(evidence_changed__isnull=False)
        return {c.field: c for c in flagged.order_by("created_at", "id")}

    @transaction.atomic
    def correct(self, name: str, value, *, user=None, reason: str = "", support=None):
        """An editor's value for one field of the incident; recorded, audited, resolved."""
        old = self.schema_values()[name]
        if same_schema_value(old, value):
            return None
        correction = Correction.objects.create(
            incident=self, field=name, old_value=old, new_value=value, user=user,
            reason=reason, basis={"value": self.resolution().values[name]}, support=support,
        )  # fmt: skip
        audit.record(user, self, audit.describe("Corrected", {name: (old, value)}, reason))
        self.resolve()
        return correction

    @transaction.atomic
    def record_review(self, names, *, user=None) -> list[str]:
        """An editor checked these fields: they leave the review queue, and a correction whose
        evidence changed takes the new evidence as its basis."""
        names = list(dict.fromkeys(names))
        changed = self.changed_evidence()
        for name in names:
            FieldReview.objects.get_or_create(incident=self, field=name, defaults={"user": user})
            if name in changed:
                changed[name].acknowledge()
        if names:
            audit.record(user, self, audit.describe("Reviewed " + ", ".join(names)))
            self.resolve()
        return names

    @transaction.atomic
    def merge(self, others, *, user=None, reason: str = "") -> list["IncidentMerge"]:
        """Fold `others` into this incident. Every notice, correction and review is kept, each
        merge is recorded so that the old URLs redirect here and `IncidentMerge.undo` splits it
        off again exactly."""
        merges = []
        for other in others:
            absorbed = other.pk
            if absorbed == self.pk:
                continue
            reviews = list(other.reviews.values("field", "user_id", "created_at"))
            snapshot = {
                "disclosures": list(other.disclosures.values_list("pk", flat=True)),
                "corrections": list(other.corrections.values_list("pk", flat=True)),
                "reviews": [dict(r, created_at=r["created_at"].isoformat()) for r in reviews],
                "grouping_reason": other.grouping_reason,
                "created_at": other.created_at.isoformat(),
                "merge_candidates": other.merge_candidates,
            }
            other.disclosures.update(incident=self)
            other.corrections.update(incident=self)
            for review in reviews:
                FieldReview.objects.get_or_create(
                    incident=self, field=review["field"],
                    defaults={"user_id": review["user_id"], "created_at": review["created_at"]},
                )  # fmt: skip
            IncidentMerge.objects.filter(target=other).update(target=self)
            merge = IncidentMerge.objects.create(
                target=self, absorbed_id=absorbed, snapshot=snapshot, reason=reason, user=user
            )
            merges.append(merge)
            line = f"merged with incident {absorbed}" + (f" by {user}" if user else "")
            self.grouping_reason = "\n".join(filter(None, [self.grouping_reason, line]))
            other.delete()
            audit.record(user, self, audit.describe(f"Merged incident {absorbed}", None, reason))
        gone = {m.absorbed_id for m in merges}
        for pk in gone:
            for pointing in Incident.objects.filter(merge_candidates__contains=[{"incident": pk}]):
                pointing.replace_candidate(pk, self.pk)
        self.refresh_from_db(fields=["merge_candidates"])
        self.replace_candidate(self.pk, None, save=False)
        self.save()
        self.resolve()
        return merges

    def replace_candidate(self, old: int, new: int | None, *, save: bool = True) -> None:
        """A proposed merge with `old` now points at `new` (None: dropped); never at itself."""
        out, seen = [], set()
        for candidate in self.merge_candidates:
            pk = new if candidate["incident"] == old else candidate["incident"]
            if pk is None or pk == self.pk or pk in seen:
                continue
            seen.add(pk)
            out.append({**candidate, "incident": pk})
        self.merge_candidates = out
        if save:
            self.save(update_fields=["merge_candidates"])

    def dismiss_candidate(self, pk: int, *, user=None, reason: str = "") -> None:
        """An editor decided that incident `pk` is another breach: the proposal goes, on both
        sides."""
        self.replace_candidate(pk, None)
        other = Incident.objects.filter(pk=pk).first()
        if other:
            other.replace_candidate(self.pk, None)
        audit.record(user, self, audit.describe(f"Not the same breach as incident {pk}", None,
                                                reason))  # fmt: skip

    @transaction.atomic
    def split_off(self, disclosures, *, user=None, reason: str = "") -> "Incident":
        """Give `disclosures` an incident of their own; their own corrections go with them."""
        incident = Incident.objects.create(
            grouping_reason=f"split off from incident {self.pk}" + (f" by {user}" if user else "")
        )
        ids = [d.pk for d in disclosures]
        Disclosure.objects.filter(pk__in=ids, incident=self).update(incident=incident)
        incident.resolve()
        self.resolve()
        audit.record(user, self, audit.describe(f"Split notices {ids} off into incident "
                                                f"{incident.pk}", None, reason))  # fmt: skip
        return incident

    @transaction.atomic
    def reextract(self, *, user=None) -> int:
        """Extract every notice again (corrections stay); how many changed."""
        changed = sum(d.reextract(user=user) for d in self.disclosures.all())
        audit.record(user, self, audit.describe(f"Re-extracted; {changed} notice(s) changed"))
        return changed

    def assess(self, values: dict, confidence: dict, *, fresh: bool = False) -> None:
        """Confidence, cross-field checks and review state of the resolved values.

        A field an editor reviewed or corrected is verified. A check whose fields are all
        verified is accepted; any other failed check doubts its fields, which go to the review
        queue, and a doubted time to disclosure leaves the TTD facet. `fresh`: an incident
        not written yet, which nobody has reviewed or corrected.
        """
        verified = set() if fresh else self.verified_fields()
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
        # A correction whose evidence changed: the notices now say something else.
        changed = set(self.changed_evidence()) if self.pk and not fresh else set()
        self.unverified_fields = [
            name
            for name in FIELDS
            if confidence[name] < REVIEW_CONFIDENCE or name in doubted or name in changed
        ]
        self.expected_errors = round(sum(1 - c for c in confidence.values()), 3)
        self.ttd_doubtful = bool(doubted & TTD_FIELDS)
        pending = self.fields_to_review(values, confidence, doubted, verified)
        self.review_fields = pending + [n for n in FIELDS if n in changed and n not in pending]

    def verified_fields(self) -> set[str]:
        """Fields an editor reviewed or corrected."""
        if not self.pk:
            return set()
        reviewed = set(self.reviews.values_list("field", flat=True))
        corrected = set(self.all_corrections().active().values_list("field", flat=True))
        # A correction whose evidence changed waits for another look.
        return (reviewed | corrected) - set(self.changed_evidence())

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

    def refresh_search_vector(self, disclosures=None, *, save: bool = True) -> None:
        """The search vector from the notices' terms, the organisation and the sites: written
        now, or with `save=False` left for the next save() to write (resolve() writes it with
        the incident's other fields, in one statement)."""
        terms = set()
        for disclosure in self.disclosures.all() if disclosures is None else disclosures:
            terms.update(disclosure.terms.split())
        from ingest.extract.tokens import search_terms

        head = " ".join([self.organization, *self.sites])
        terms.update(search_terms(head) if head.strip() else [])
        vector = Func(
            models.Value(sorted(terms), output_field=ArrayField(models.TextField())),
            function="array_to_tsvector",
            output_field=SearchVectorField(),
        )
        if save:
            Incident.objects.filter(pk=self.pk).update(search_vector=vector)
        else:
            self.search_vector = vector

    @property
    def ttd_bucket(self) -> str:
        return ttd_bucket(self.ttd_days)


def same_schema_value(a, b) -> bool:
    """Two SCHEMA values are the same: lists as sets, empties alike."""
    if a in (None, "", []) and b in (None, "", []):
        return True
    if isinstance(a, list) and isinstance(b, list):
        return sorted(map(str, a)) == sorted(map(str, b))
    return a == b


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
        indexes = [models.Index(fields=["updated_at"], name="disclosure_updated")]

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

    def as_notice(self, corrections: list["Correction"] | None = None) -> Notice:
        """This notice's values as the resolution reads them (its corrections applied;
        `corrections`: its active corrections when the caller has them)."""
        corrections = self.active_corrections() if corrections is None else corrections
        corrected = {c.field for c in corrections}
        values = self.extracted_values()
        values.update({c.field: c.new_value for c in corrections})
        chain = self.extraction.get("_chain") or {}
        retracted = {
            name: [item["value"] for item in items]
            for name, items in (chain.get("retracted") or {}).items()
            if name not in corrected
        }
        return Notice(
            id=self.pk,
            published_on=values.get("published_on"),
            report_stage=values.get("report_stage"),
            values=values,
            confidence={name: self.confidence(name, corrected) for name in FIELDS},
            retracted=retracted,
            earlier_counts=[item["value"] for item in chain.get("earlier_counts") or []],
            implied={
                name: [
                    item["value"]
                    for item in self.extraction.get(name, {}).get("items") or []
                    if str(item.get("rule", "")).endswith("_implied")
                ]
                for name in ("causes",)
                if name not in corrected
            },
        )

    @transaction.atomic
    def correct(self, changes: dict, *, user=None, reason: str = "", support=None) -> list[str]:
        """An editor's values for fields of this notice (only those that differ are recorded);
        the incident is resolved again. Returns the fields corrected."""
        effective = self.effective_values()
        extracted = self.extracted_values()
        done = {}
        for name, new in changes.items():
            old = effective.get(name)
            if same_schema_value(old, new):
                continue
            Correction.objects.create(
                disclosure=self, field=name, old_value=old, new_value=new, user=user,
                reason=reason, basis={"value": extracted.get(name)}, support=support,
            )  # fmt: skip
            done[name] = (old, new)
        if done:
            self.sync_columns()
            self.save(update_fields=["published_on", "report_stage", "updated_at"])
            audit.record(user, self, audit.describe("Corrected", done, reason))
            self.incident.resolve()
        return list(done)

    def reextract(self, *, user=None, aliases: dict | None = None) -> bool:
        """Extract this notice again (its corrections stay); True when anything changed."""
        from ingest.importer import reextract

        changed = reextract(self, aliases=FirmAlias.table() if aliases is None else aliases)
        if changed:
            audit.record(user, self, audit.describe("Re-extracted; values changed"))
        return changed

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

    @property
    def target_incident(self) -> "Incident":
        return self.incident if self.incident_id else self.disclosure.incident

    @transaction.atomic
    def revert(self, *, user=None, reason: str = "") -> None:
        """Take the correction back: the notices' value returns; recorded and audited."""
        if self.reverted_at:
            return
        self.reverted_at = timezone.now()
        self.save(update_fields=["reverted_at"])
        if self.disclosure_id:
            # The notice's own columns (published_on, report_stage) held the corrected value.
            self.disclosure.sync_columns()
            self.disclosure.save(update_fields=["published_on", "report_stage"])
        message = audit.describe(
            f"Reverted correction of {self.field}", {self.field: (self.new_value, self.old_value)},
            reason,
        )  # fmt: skip
        audit.record(user, self.target_incident, message)
        self.target_incident.resolve()

    def acknowledge(self) -> None:
        """An editor looked at the changed evidence and kept the correction."""
        if self.evidence_changed is not None:
            self.basis = {"value": self.evidence_changed.get("new")}
            self.evidence_changed = None
            self.save(update_fields=["basis", "evidence_changed"])


class FacetCount(models.Model):
    """How many incidents have each facet value, kept by a database trigger on every insert,
    update and delete of an incident (migration 0008), so the unfiltered list reads its facet
    counts in one small query instead of counting the catalogue. `("_all", "")` is the total;
    a forensic firm is keyed by its id (slugs can be edited)."""

    facet = models.CharField(max_length=20)
    value = models.CharField(max_length=100)
    count = models.BigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["facet", "value"], name="facet_value")]

    def __str__(self):
        return f"{self.facet}={self.value}: {self.count}"

    @classmethod
    def table(cls) -> dict[tuple[str, str], int]:
        return {(f, v): n for f, v, n in cls.objects.values_list("facet", "value", "count")}

    @classmethod
    def total(cls) -> int:
        row = cls.objects.filter(facet="_all", value="").values_list("count", flat=True)
        return row.first() or 0

    @classmethod
    def rebuild(cls) -> None:
        """Count everything again (after bulk SQL that bypassed the trigger)."""
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SELECT breaches_rebuild_facet_counts()")


def catalogue_version() -> str:
    """A value that changes with anything a page reads: every statement that writes an
    incident, a notice, a revision, a correction, a review, a merge, the vocabulary, a firm or
    an alias moves it, in its own transaction (migration 0011), so a version a reader sees is
    never ahead of the rows it can read."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT n FROM breaches_catalogue_version WHERE id = 1")
        return str(cursor.fetchone()[0])


class FacetBit(models.Model):
    """The bit a facet value has in IncidentFacets' masks: given once, the first time an
    incident names the value, and never changed."""

    kind = models.CharField(max_length=20)  # the facet: cause, card_data, personal_data, ...
    code = models.CharField(max_length=40)
    bit = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "code"], name="facetbit_code"),
            models.UniqueConstraint(fields=["kind", "bit"], name="facetbit_bit"),
        ]

    def __str__(self):
        return f"{self.kind}={self.code}: bit {self.bit}"


class IncidentFacets(models.Model):
    """What facet counts and insights read of an incident, in a narrow row of integers kept by
    a database trigger (migration 0010): the incident row carries organisation, sites and a
    search vector, and a scan of it compares strings. Multi-valued facets are bit masks
    (FacetBit); `chain` is followup 1, revised 2, count_changed 4. Read by breaches/narrow.py."""

    id = models.BigIntegerField(primary_key=True)  # the incident's
    first_disclosed_on = models.DateField(null=True)
    ttd_days = models.IntegerField(null=True)
    ttd_doubtful = models.BooleanField(default=False)
    records_max = models.BigIntegerField(null=True)
    firm = models.BigIntegerField(null=True)  # forensic_firm_id
    forensic_investigation = models.BooleanField(default=False)
    discovered_by = models.BigIntegerField(default=0)
    causes = models.BigIntegerField(default=0)
    card_data = models.BigIntegerField(default=0)
    personal_data = models.BigIntegerField(default=0)
    chain = models.SmallIntegerField(default=0)

    def __str__(self):
        return f"facets of incident {self.pk}"


BITMAP_CHUNK = 30_720  # incidents per FacetBitmap row: 3,840 bytes of bits (migration 0013)


class BitString(models.Field):
    """A PostgreSQL bit string of BITMAP_CHUNK bits (`bit(30720)`), read and written in SQL."""

    description = "fixed-length bit string"

    def db_type(self, connection):
        return f"bit({BITMAP_CHUNK})"


class FacetBitmap(models.Model):
    """Which incidents have a facet value, as bits: incident `id` is bit `id % BITMAP_CHUNK`
    (counted from the left) of the row `chunk = id // BITMAP_CHUNK`. Facet values are those of
    FacetCount (a firm by its id, `("_all", "")` every incident). Kept by a database trigger
    beside FacetCount's (migration 0013).

    A facet-filtered list counts every facet value under its selections by ANDing bitmaps and
    counting bits (breaches/bitmaps.py): a few thousand 3.75 KiB rows at 1M incidents, where the
    narrow rows would be scanned once per selected facet, plus once."""

    pk = models.CompositePrimaryKey("facet", "value", "chunk")
    facet = models.CharField(max_length=20)
    value = models.CharField(max_length=100)
    chunk = models.IntegerField()
    bits = BitString()

    def __str__(self):
        return f"{self.facet}={self.value} [{self.chunk}]"


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

    @transaction.atomic
    def undo(self, *, user=None, reason: str = "") -> Incident:
        """Split the absorbed incident off again, exactly: its id, notices, corrections,
        reviews and grouping come back, and its URL stops redirecting."""
        snap = self.snapshot
        target = self.target
        restored = Incident(
            pk=self.absorbed_id, grouping_reason=snap.get("grouping_reason", ""),
            merge_candidates=snap.get("merge_candidates") or [],
        )  # fmt: skip
        restored.save(force_insert=True)
        Incident.objects.filter(pk=restored.pk).update(
            created_at=dt.datetime.fromisoformat(snap["created_at"])
        )
        Disclosure.objects.filter(pk__in=snap.get("disclosures", []), incident=target).update(
            incident=restored
        )
        Correction.objects.filter(pk__in=snap.get("corrections", []), incident=target).update(
            incident=restored
        )
        for review in snap.get("reviews", []):
            FieldReview.objects.create(
                incident=restored, field=review["field"], user_id=review["user_id"],
                created_at=dt.datetime.fromisoformat(review["created_at"]),
            )  # fmt: skip
        line = f"merged with incident {self.absorbed_id}"
        target.grouping_reason = "\n".join(
            x for x in target.grouping_reason.split("\n") if not x.startswith(line)
        )
        target.save(update_fields=["grouping_reason"])
        self.split_at = timezone.now()
        self.save(update_fields=["split_at"])
        restored = Incident.objects.get(pk=restored.pk)
        restored.resolve()
        target.resolve()
        audit.record(user, target, audit.describe(f"Split incident {restored.pk} off again",
                                                  None, reason))  # fmt: skip
        return restored

    @classmethod
    def surviving(cls, pk: int) -> Incident | None:
        """Where an incident merged away now lives (following merges of merges)."""
        seen = set()
        while pk not in seen:
            seen.add(pk)
            merge = cls.objects.filter(absorbed_id=pk, split_at__isnull=True).first()
            if merge is None:
                return None
            target = Incident.objects.filter(pk=merge.target_id).first()
            if target:
                return target
            pk = merge.target_id
        return None


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
