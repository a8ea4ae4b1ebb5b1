"""Editors' admin: incidents and disclosures with search and filters; every edit of an extracted
field is recorded as a Correction (who, when, old → new) that re-ingest never overwrites."""

from django import forms
from django.contrib import admin, messages
from django.contrib.postgres.forms import SimpleArrayField
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from ingest.extract import vocab
from ingest.extract.record import FIELDS

from .models import Correction, Disclosure, FirmAlias, ForensicFirm, Incident, Revision, Term


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

    class Meta:
        model = Incident
        fields = [f for f in FIELDS]

    def clean_exposure_periods(self):
        periods = self.cleaned_data["exposure_periods"] or []
        ok = isinstance(periods, list) and all(
            isinstance(p, list) and len(p) == 2 and all(d is None or isinstance(d, str) for d in p)
            for p in periods
        )
        if not ok:
            raise forms.ValidationError(
                _('A list of [start, end] pairs: [["2016-01-01", "2016-07-23"]]; null for an open end.')
            )
        return periods


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
    readonly_fields = ["ttd_days", "grouping_reason", "created_at", "updated_at"]
    inlines = [DisclosureInline, CorrectionInline]
    show_facets = admin.ShowFacets.ALLOW
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
        (_("Grouping"), {"fields": ["grouping_reason", "created_at", "updated_at"]}),
    ]  # fmt: skip

    def has_add_permission(self, request):
        return False  # incidents come from notices, through `ingest`

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("forensic_firm")

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
        obj.resolve()
        if changed:
            messages.info(request, _("Recorded corrections: %s") % ", ".join(changed))


@admin.register(Disclosure)
class DisclosureAdmin(admin.ModelAdmin):
    list_display = ["__str__", "incident", "published_on", "report_stage", "revision", "encoding"]
    list_filter = ["report_stage", "encoding"]
    search_fields = ["source_key", "text", "incident__organization"]
    date_hierarchy = "published_on"
    readonly_fields = [
        "incident", "source_key", "source_path", "source_url", "content_hash", "encoding",
        "revision", "published_on", "report_stage", "extracted_fields", "text",
        "created_at", "updated_at",
    ]  # fmt: skip
    exclude = ["extraction"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("extracted fields"))
    def extracted_fields(self, obj):
        rows = []
        for name in FIELDS:
            item = obj.extraction.get(name, {})
            quotes = " … ".join(obj.text[s:e] for s, e in item.get("spans", [])[:3])
            rows.append((name, item.get("value"), item.get("confidence", ""), quotes))
        return format_html(
            "<table><tr><th>field</th><th>value</th><th>confidence</th><th>evidence</th></tr>{}</table>",
            format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", rows),
        )


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin):
    list_display = ["field", "incident", "disclosure", "old_value", "new_value", "user", "created_at",
                    "reverted_at"]  # fmt: skip
    list_filter = ["field", "user", "reverted_at"]
    search_fields = ["incident__organization", "reason"]
    readonly_fields = ["incident", "disclosure", "field", "old_value", "new_value", "user",
                       "created_at", "reverted_at"]  # fmt: skip
    actions = ["revert"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Revert the selected corrections"))
    def revert(self, request, queryset):
        targets = set()
        for correction in queryset.active():
            correction.reverted_at = timezone.now()
            correction.save(update_fields=["reverted_at"])
            targets.add(correction.incident or correction.disclosure.incident)
        for incident in targets:
            incident.resolve()
        self.message_user(request, _("Reverted %d correction(s).") % len(targets))


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
