"""The admin's forms and their helpers: the SCHEMA fields as form fields, a supporting
sentence chooser, the reason and merge forms, and the merge preview."""

import re

from django import forms
from django.contrib import admin
from django.contrib.postgres.forms import SimpleArrayField
from django.db import transaction
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext_lazy as _

from ingest.extract import vocab
from ingest.extract.fields import COUNT_FIELDS, DATE_FIELDS, FIELDS, LIST_FIELDS, VOCABULARY_OF

from .models import (
    Disclosure,
    ForensicFirm,
    Incident,
    same_schema_value,
)


def choices(kind: str, blank: bool = False):
    pairs = [(code, f"{code} — {label}") for code, label in vocab.labels(kind).items()]
    return [("", "—"), *pairs] if blank else pairs


# A sentence of a notice: up to a full stop or the end of the line.
SENTENCE = re.compile(r"[^。\n]+。?")


def sentence_choices(disclosures) -> list:
    """The notices' sentences, grouped by notice, as choices for a supporting passage; the
    value is "disclosure:start:end"."""
    groups = [("", "—")]
    for disclosure in disclosures:
        options = []
        for match in SENTENCE.finditer(disclosure.text):
            text = match.group().strip()
            if len(text) < 4:
                continue
            start = match.start() + match.group().index(text)
            label = Truncator(text).chars(90)
            options.append((f"{disclosure.pk}:{start}:{start + len(text)}", label))
        if options:
            groups.append((f"#{disclosure.pk} {disclosure}", options))
    return groups


def support_of(choice: str) -> dict | None:
    if not choice:
        return None
    disclosure, start, end = (int(part) for part in choice.split(":"))
    return {"disclosure": disclosure, "start": start, "end": end}


def support_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Supporting sentence"), required=False,
        help_text=_("A sentence of a notice that states the corrected value."),
    )  # fmt: skip


def reason_field(label=None) -> forms.CharField:
    label = label or _("Reason for the correction")
    return forms.CharField(label=label, required=False, widget=forms.Textarea({"rows": 2}))


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
    correction_reason = reason_field()
    correction_support = support_field()
    mark_reviewed = forms.MultipleChoiceField(
        label=_("Mark reviewed"), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Checked fields leave the review queue; a correction whose evidence "
                    "changed keeps its value and takes the new evidence."),
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
            pending += [n for n in self.instance.changed_evidence() if n not in pending]
            disclosures = self.instance.disclosures.order_by("published_on", "id")
            self.fields["correction_support"].choices = sentence_choices(disclosures)
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


def shown(value) -> str:
    """A SCHEMA value for a table cell."""
    if value in (None, "", []):
        return "—"
    if isinstance(value, list):
        return ", ".join(shown(v) if isinstance(v, list) else str(v) for v in value)
    return str(value)


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
        if self.instance.pk:
            self.fields["correction_support"].choices = sentence_choices([self.instance])

    def clean_exposure_periods(self):
        return IncidentForm.clean_exposure_periods(self)


DisclosureForm = type(
    "DisclosureForm",
    (DisclosureFormBase,),
    {
        **{name: schema_form_field(name) for name in FIELDS},
        "correction_reason": reason_field(),
        "correction_support": support_field(),
    },
)


class ReasonForm(forms.Form):
    reason = reason_field(_("Reason"))


class MergeForm(forms.Form):
    target = forms.TypedChoiceField(label=_("Surviving incident"), coerce=int,
                                    widget=forms.RadioSelect)  # fmt: skip
    previewed = forms.IntegerField(widget=forms.HiddenInput)
    reason = reason_field(_("Reason"))

    def __init__(self, *args, incidents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [(i.pk, f"#{i.pk} {i}") for i in incidents]


def merge_preview(target: Incident, others: list[Incident]) -> dict:
    """field -> (survivor's value now, value after the merge), for the fields the merge would
    change. The merge runs inside a savepoint that is rolled back, without a user, so neither a
    row nor an audit entry stays."""
    before = target.schema_values()
    with transaction.atomic():
        survivor = Incident.objects.get(pk=target.pk)
        survivor.merge([Incident.objects.get(pk=o.pk) for o in others])
        after = survivor.schema_values()
        transaction.set_rollback(True)
    return {
        name: (before[name], after[name])
        for name in FIELDS
        if not same_schema_value(before[name], after[name])
    }


def confirmation(model_admin, request, template="admin/breaches/confirm.html", **context):
    """An intermediate page like Django's delete confirmation: what will happen, a reason,
    Confirm and Cancel."""
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        **context,
    }
    return TemplateResponse(request, template, context)


def incident_link(incident) -> str:
    """A link to an incident's admin page; given an id alone, the link names only the id."""
    pk = getattr(incident, "pk", incident)
    label = f"#{pk} {incident}" if isinstance(incident, Incident) else f"#{pk}"
    return format_html('<a href="{}">{}</a>', reverse("admin:breaches_incident_change", args=[pk]),
                       label)  # fmt: skip


def plain(value):
    """A value as the audit message can write it (JSON types as they are, others as text)."""
    return value if isinstance(value, str | int | float | bool | list | dict | None) else str(value)
