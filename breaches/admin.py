"""Editors' admin: incidents and disclosures with search and filters; every edit of an extracted
field is recorded as a Correction (who, when, old → new) that re-ingest never overwrites."""

from django import forms
from django.contrib import admin, messages
from django.contrib.postgres.forms import SimpleArrayField
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from ingest.extract import vocab
from ingest.extract.fields import COUNT_FIELDS, DATE_FIELDS, FIELDS, LIST_FIELDS, VOCABULARY_OF

from .evidence import evidence_table
from .models import (
    Correction,
    Disclosure,
    FieldReview,
    FirmAlias,
    ForensicFirm,
    Incident,
    ReviewQueue,
    Revision,
    Term,
)


def choices(kind: str, blank: bool = False):
    pairs = [(code, f"{code} — {label}") for code, label in vocab.labels(kind).items()]
    return [("", "—"), *pairs] if blank else pairs


class IncidentForm(forms.ModelForm):
    sites = SimpleArrayField(forms.CharField(max_length=300), required=False, delimiter="\n",
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("One site per line."))  # fmt: skip
    report_stage = forms.ChoiceField(choices=choices("report_stages", blank=True), required=False)
    discovered_by = forms.ChoiceField(choices=choices("discoverers", blank=True), required=False)
    causes = forms.MultipleChoiceField(
        choices=choices("causes"), required=False, widget=forms.CheckboxSelectMultiple
    )
    card_data = forms.MultipleChoiceField(
        choices=choices("card_data"), required=False, widget=forms.CheckboxSelectMultiple
    )
    personal_data = forms.MultipleChoiceField(
        choices=choices("personal_data"), required=False, widget=forms.CheckboxSelectMultiple
    )
    reported_to = forms.MultipleChoiceField(
        choices=choices("authorities"), required=False, widget=forms.CheckboxSelectMultiple
    )
    correction_reason = forms.CharField(
        label=_("Reason for the correction"), required=False, widget=forms.Textarea({"rows": 2})
    )
    mark_reviewed = forms.MultipleChoiceField(
        label=_("Mark reviewed"), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Checked fields leave the review queue."),
    )  # fmt: skip

    class Meta:
        model = Incident
        fields = list(FIELDS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("sites", "report_stage", "discovered_by", *VOCABULARY_OF):
            self.fields[name].label = field_label(name)
        pending = []
        if self.instance.pk:
            pending = list(self.instance.review_fields)
            pending += [n for n in self.instance.unverified_fields if n not in pending]
        self.fields["mark_reviewed"].choices = [(name, name) for name in pending]

    def clean_exposure_periods(self):
        periods = self.cleaned_data.get("exposure_periods") or []
        ok = isinstance(periods, list) and all(
            isinstance(p, list) and len(p) == 2 and all(d is None or isinstance(d, str) for d in p)
            for p in periods
        )
        if not ok:
            raise forms.ValidationError(
                _(
                    'A list of [start, end] pairs: [["2016-01-01", "2016-07-23"]]; '
                    "null for an open end."
                )
            )
        return periods


def field_label(name: str) -> str:
    """The label of a SCHEMA field: the incident model's verbose name, translated."""
    return capfirst(Incident._meta.get_field(name).verbose_name)


def schema_form_field(name: str) -> forms.Field:
    """A form field for one SCHEMA field of a disclosure, labelled as on the incident."""
    field = _schema_form_field(name)
    field.label = field_label(name)
    return field


def _schema_form_field(name: str) -> forms.Field:
    if name in DATE_FIELDS:
        return forms.DateField(required=False, help_text="YYYY-MM-DD")
    if name in COUNT_FIELDS:
        return forms.IntegerField(required=False, min_value=0)
    if name == "forensic_investigation":
        return forms.BooleanField(required=False)
    if name == "forensic_firm":
        return forms.ChoiceField(choices=firm_choices, required=False)
    if name == "exposure_periods":
        return forms.JSONField(required=False, help_text='[["2016-01-01", "2016-07-23"]]')
    if name == "sites":
        return SimpleArrayField(forms.CharField(), required=False, delimiter="\n",
                                widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip
    if name in VOCABULARY_OF and name in LIST_FIELDS:
        return forms.MultipleChoiceField(choices=choices(VOCABULARY_OF[name]), required=False,
                                         widget=forms.CheckboxSelectMultiple)  # fmt: skip
    if name in VOCABULARY_OF:
        return forms.ChoiceField(choices=choices(VOCABULARY_OF[name], blank=True), required=False)
    return forms.CharField(required=False)


def firm_choices():
    return [("", "—"), *((n, n) for n in ForensicFirm.objects.values_list("name", flat=True))]


def schema_value(name: str, cleaned):
    """A cleaned form value as the SCHEMA writes it."""
    if name in DATE_FIELDS:
        return cleaned.isoformat() if cleaned else None
    if name in LIST_FIELDS:
        return list(cleaned or [])
    if name == "forensic_investigation":
        return bool(cleaned)
    return cleaned if cleaned not in ("", None) else None


def as_initial(name: str, value):
    if name == "exposure_periods":
        return value or []
    return value


class DisclosureFormBase(forms.ModelForm):
    """Every SCHEMA field of one notice, initialised with its effective value."""

    class Meta:
        model = Disclosure
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        effective = self.instance.effective_values() if self.instance.pk else {}
        for name in FIELDS:
            self.initial[name] = as_initial(name, effective.get(name))

    def clean_exposure_periods(self):
        return IncidentForm.clean_exposure_periods(self)


DisclosureForm = type(
    "DisclosureForm",
    (DisclosureFormBase,),
    {
        **{name: schema_form_field(name) for name in FIELDS},
        "correction_reason": forms.CharField(
            label=_("Reason for the correction"), required=False, widget=forms.Textarea({"rows": 2})
        ),
    },
)


class CorrectionInline(admin.TabularInline):
    model = Correction
    fk_name = "incident"
    extra = 0
    can_delete = False
    fields = ["field", "old_value", "new_value", "user", "created_at", "reason", "reverted_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class DisclosureInline(admin.TabularInline):
    model = Disclosure
    extra = 0
    can_delete = False
    fields = ["link", "published_on", "report_stage", "revision", "source_key"]
    readonly_fields = fields
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("disclosure"))
    def link(self, obj):
        return str(obj)


@admin.register(Incident)
class IncidentAdmin(admin.ModelAdmin):
    form = IncidentForm
    list_display = [
        "__str__", "first_disclosed_on", "discovered_on", "ttd_days", "forensic_firm",
        "records_max", "report_stage", "correction_count",
    ]  # fmt: skip
    list_filter = ["report_stage", "discovered_by", "forensic_firm", "forensic_investigation"]
    search_fields = ["organization", "sites", "disclosures__text"]
    date_hierarchy = "first_disclosed_on"
    readonly_fields = ["ttd_days", "grouping_reason", "created_at", "updated_at", "evidence",
                       "review_state"]  # fmt: skip
    inlines = [DisclosureInline, CorrectionInline]
    show_facets = admin.ShowFacets.ALLOW
    actions = ["merge_incidents", "reextract_incidents"]
    fieldsets = [
        (None, {"fields": ["organization", "sites", "report_stage"]}),
        (_("Dates"), {"fields": [
            "published_on", "first_disclosed_on", "discovered_on", "discovered_by",
            "forensic_report_on", "payment_suspended_on", "ttd_days",
        ]}),
        (_("Investigation and cause"), {"fields": [
            "forensic_investigation", "forensic_firm", "causes", "reported_to",
        ]}),
        (_("Data and counts"), {"fields": [
            "card_data", "personal_data", "records_max", "records_confirmed", "fraud_cases",
            "exposure_periods",
        ]}),
        (_("Correction"), {"fields": ["correction_reason"]}),
        (_("Review"), {"fields": ["review_state", "mark_reviewed"]}),
        (_("Extracted values with their evidence"), {"fields": ["evidence"]}),
        (_("Grouping"), {"fields": ["grouping_reason", "created_at", "updated_at"]}),
    ]  # fmt: skip

    def has_add_permission(self, request):
        return False  # incidents come from notices, through `ingest`

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("forensic_firm")

    @admin.display(description=_("evidence"))
    def evidence(self, obj):
        """Each field as the notice it was resolved from states it (the latest that says it)."""
        disclosures = list(obj.disclosures.order_by("-published_on", "-id"))

        def source(name):
            return next(
                (d for d in disclosures if d.extraction.get(name, {}).get("value") not in
                 (None, [], "")), disclosures[0] if disclosures else None,
            )  # fmt: skip

        return evidence_table((name, source(name)) for name in FIELDS)

    @admin.display(description=_("review state"))
    def review_state(self, obj):
        """Failed cross-field checks, and each unverified field with its measured confidence."""
        checks = format_html_join(
            "", "<li>⚠ {}: {}</li>",
            ((", ".join(c["fields"]), _(c["message"])) for c in obj.checks or ()),
        )  # fmt: skip
        unverified = ", ".join(
            f"{name} ({obj.confidence.get(name, 0):.2f})" for name in obj.unverified_fields
        )
        return format_html(
            "<ul>{}</ul><p>{}: {}</p><p>{}: {:.2f}</p>",
            checks, _("unverified"), unverified or "—", _("expected errors"), obj.expected_errors,
        )  # fmt: skip

    @admin.display(description=_("corrections"))
    def correction_count(self, obj):
        return obj.corrections.active().count()

    def save_model(self, request, obj, form, change):
        old = Incident.objects.get(pk=obj.pk).schema_values()
        new = obj.schema_values()
        super().save_model(request, obj, form, change)
        changed = [f for f in FIELDS if f in form.changed_data and old[f] != new[f]]
        for name in changed:
            Correction.objects.create(
                incident=obj,
                field=name,
                old_value=old[name],
                new_value=new[name],
                user=request.user,
                reason=form.cleaned_data.get("correction_reason", ""),
            )
        for name in form.cleaned_data.get("mark_reviewed", []):
            FieldReview.objects.get_or_create(
                incident=obj, field=name, defaults={"user": request.user}
            )
        obj.resolve()
        if changed:
            messages.info(request, _("Recorded corrections: %s") % ", ".join(changed))

    @admin.action(description=_("Merge the selected incidents (same breach)"),
                  permissions=["change"])  # fmt: skip
    def merge_incidents(self, request, queryset):
        incidents = list(queryset.order_by("id"))
        if len(incidents) < 2:
            self.message_user(request, _("Select at least two incidents to merge."), messages.ERROR)
            return
        target = merge_incidents(incidents, user=request.user)
        self.message_user(request, _("Merged into incident %d.") % target.pk)

    @admin.action(description=_("Re-extract the notices of the selected incidents"),
                  permissions=["change"])  # fmt: skip
    def reextract_incidents(self, request, queryset):
        disclosures = Disclosure.objects.filter(incident__in=queryset)
        changed = reextract_disclosures(disclosures)
        self.message_user(request, _("Re-extracted; %d notice(s) changed.") % changed)


def merge_incidents(incidents: list[Incident], *, user) -> Incident:
    """Fold `incidents` into the oldest: every disclosure, correction and review is kept."""
    target, *others = incidents
    for other in others:
        other.disclosures.update(incident=target)
        other.corrections.update(incident=target)
        for review in other.reviews.all():
            if not target.reviews.filter(field=review.field).exists():
                review.incident = target
                review.save()
        target.grouping_reason += (
            f"\nmerged with incident {other.pk} by {user}:\n{other.grouping_reason}"
        )
        other.delete()
    target.save()
    target.resolve()
    return target


def split_disclosure(disclosure: Disclosure, *, user) -> Incident:
    """Give `disclosure` an incident of its own (its own corrections go with it)."""
    source = disclosure.incident
    incident = Incident.objects.create(
        grouping_reason=f"split off from incident {source.pk} by {user}"
    )
    disclosure.incident = incident
    disclosure.save(update_fields=["incident"])
    incident.resolve()
    source.resolve()
    return incident


def reextract_disclosures(disclosures) -> int:
    from ingest.importer import reextract

    aliases = FirmAlias.table()
    return sum(reextract(d, aliases=aliases) for d in disclosures.select_related("incident"))


@admin.register(Disclosure)
class DisclosureAdmin(admin.ModelAdmin):
    form = DisclosureForm
    actions = ["reextract", "split_off"]
    list_display = ["__str__", "incident", "published_on", "report_stage", "revision", "encoding"]
    list_filter = ["report_stage", "encoding"]
    search_fields = ["source_key", "text", "incident__organization"]
    date_hierarchy = "published_on"
    readonly_fields = [
        "incident", "source_key", "source_path", "source_url", "content_hash", "encoding",
        "revision", "extracted_fields", "text",
        "created_at", "updated_at",
    ]  # fmt: skip
    exclude = ["extraction", "terms"]

    def has_add_permission(self, request):
        return False

    def get_fieldsets(self, request, obj=None):
        return [
            (None, {"fields": ["incident", "source_key", "revision", "encoding"]}),
            (_("Extracted fields with their evidence"), {"fields": ["extracted_fields"]}),
            (_("Correct a field"), {"fields": [*FIELDS, "correction_reason"]}),
            (_("Source text"), {"fields": ["text"]}),
        ]  # fmt: skip

    def save_model(self, request, obj, form, change):
        effective = obj.effective_values()
        changed = []
        for name in FIELDS:
            new = schema_value(name, form.cleaned_data.get(name))
            old = effective.get(name)
            if name in LIST_FIELDS and sorted(map(str, new)) == sorted(map(str, old or [])):
                continue
            if name not in LIST_FIELDS and new == old:
                continue
            Correction.objects.create(
                disclosure=obj, field=name, old_value=old, new_value=new, user=request.user,
                reason=form.cleaned_data.get("correction_reason", ""),
            )  # fmt: skip
            changed.append(name)
        obj.sync_columns()
        super().save_model(request, obj, form, change)
        obj.incident.resolve()
        if changed:
            messages.info(request, _("Recorded corrections: %s") % ", ".join(changed))

    @admin.action(description=_("Re-extract the selected notices (corrections are kept)"),
                  permissions=["change"])  # fmt: skip
    def reextract(self, request, queryset):
        changed = reextract_disclosures(queryset)
        self.message_user(request, _("Re-extracted; %d notice(s) changed.") % changed)

    @admin.action(description=_("Split the selected notices off into incidents of their own"),
                  permissions=["change"])  # fmt: skip
    def split_off(self, request, queryset):
        split = 0
        for disclosure in queryset.select_related("incident"):
            if disclosure.incident.disclosures.count() > 1:
                split_disclosure(disclosure, user=request.user)
                split += 1
        self.message_user(request, _("Split off %d notice(s).") % split)

    @admin.display(description=_("extracted fields"))
    def extracted_fields(self, obj):
        return evidence_table((name, obj) for name in FIELDS)


@admin.register(ReviewQueue)
class ReviewQueueAdmin(admin.ModelAdmin):
    list_display = ["__str__", "fields_to_review", "expected_errors", "created_at",
                    "first_disclosed_on"]  # fmt: skip
    actions = ["mark_reviewed"]
    list_display_links = None

    def get_queryset(self, request):
        return ReviewQueue.objects.needing_review().select_related("forensic_firm")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("fields to review"))
    def fields_to_review(self, obj):
        url = reverse("admin:breaches_incident_change", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, ", ".join(obj.review_fields))

    @admin.action(description=_("Mark the listed fields reviewed"), permissions=["change"])
    def mark_reviewed(self, request, queryset):
        for incident in queryset:
            for name in incident.review_fields:
                FieldReview.objects.get_or_create(
                    incident=incident, field=name, defaults={"user": request.user}
                )
            Incident.objects.get(pk=incident.pk).resolve()
        self.message_user(request, _("Marked %d incident(s) reviewed.") % queryset.count())


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin):
    list_display = ["field", "incident", "disclosure", "old_value", "new_value", "user",
                    "created_at", "reverted_at"]  # fmt: skip
    list_filter = ["field", "user", "reverted_at"]
    search_fields = ["incident__organization", "reason"]
    readonly_fields = ["incident", "disclosure", "field", "old_value", "new_value", "user",
                       "created_at", "reverted_at"]  # fmt: skip
    actions = ["revert"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Revert the selected corrections"))
    def revert(self, request, queryset):
        corrections = list(queryset.active().select_related("disclosure"))
        targets = set()
        for correction in corrections:
            correction.reverted_at = timezone.now()
            correction.save(update_fields=["reverted_at"])
            if correction.disclosure:
                # The notice's own columns (published_on, report_stage) held the corrected value.
                correction.disclosure.sync_columns()
                correction.disclosure.save(update_fields=["published_on", "report_stage"])
            targets.add(correction.incident_id or correction.disclosure.incident_id)
        for incident in Incident.objects.filter(pk__in=targets):
            incident.resolve()
        self.message_user(request, _("Reverted %d correction(s).") % len(corrections))


class FirmAliasInline(admin.TabularInline):
    model = FirmAlias
    extra = 1


@admin.register(ForensicFirm)
class ForensicFirmAdmin(admin.ModelAdmin):
    list_display = ["name", "label_ja", "slug"]
    search_fields = ["name", "label_ja", "aliases__alias"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [FirmAliasInline]


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ["kind", "code", "label_ja", "label_en"]
    list_filter = ["kind"]
    readonly_fields = ["kind", "code"]  # codes are the SCHEMA contract; labels are editable

    def has_add_permission(self, request):
        return False


admin.site.register(Revision)
