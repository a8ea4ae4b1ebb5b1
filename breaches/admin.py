"""Editors' admin. Every write goes through a model method (Incident.correct, Disclosure.correct,
Correction.revert, Incident.record_review, Incident.merge, IncidentMerge.undo,
Incident.split_off, re-extract, Incident.dismiss_candidate), which keeps the record: a
Correction or a merge, and one audit entry with who, when, only the fields that changed
(old → new) and the reason. Django's own change log would name every field the form thinks
changed, so the admins of those models write none; the vocabulary admins write one entry that
names only the fields whose value changed.

Merges, splits, undoing a merge and dismissing a proposed merge ask for confirmation and a
reason first; only a POST with the confirmation writes, and only with change permission."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from ingest.extract.fields import FIELDS

from . import audit
from .admin_forms import (
    DisclosureForm,
    IncidentForm,
    MergeForm,
    ReasonForm,
    confirmation,
    field_label,
    incident_link,
    merge_preview,
    plain,
    reason_field,
    schema_value,
    shown,
    support_of,
)
from .evidence import evidence_table
from .models import (
    Correction,
    Disclosure,
    FirmAlias,
    ForensicFirm,
    Incident,
    IncidentMerge,
    ReviewQueue,
    Revision,
    Term,
    same_schema_value,
)


class AuditedAdmin(admin.ModelAdmin):
    """Django's change log, but one entry per save naming only the fields whose value changed,
    old → new (inline rows added, changed or deleted included)."""

    def save_model(self, request, obj, form, change):
        if change:
            stored = type(obj).objects.get(pk=obj.pk)
            form.audit_changes = {}
            for name in form.changed_data:
                try:
                    field = self.model._meta.get_field(name)
                except FieldDoesNotExist:
                    continue  # a form-only field
                old, new = field.value_from_object(stored), field.value_from_object(obj)
                if old != new:
                    form.audit_changes[name] = (plain(old), plain(new))
        super().save_model(request, obj, form, change)

    def construct_change_message(self, request, form, formsets, add=False):
        if add:
            return super().construct_change_message(request, form, formsets, add)
        changes = dict(getattr(form, "audit_changes", {}))
        for formset in formsets or ():
            kind = formset.model._meta.verbose_name
            for obj in formset.new_objects:
                changes[f"{kind} {obj.pk}"] = (None, str(obj))
            for obj, names in formset.changed_objects:
                row = next(f for f in formset.forms if f.instance.pk == obj.pk)
                for name in names:
                    old, new = row.initial.get(name), row.cleaned_data[name]
                    changes[f"{kind} {obj.pk} {name}"] = (plain(old), plain(new))
            for obj in formset.deleted_objects:
                changes[f"{kind} {obj.pk}"] = (str(obj), None)
        return audit.describe("Changed", changes) if changes else ""

    def log_change(self, request, obj, message):
        if message:  # a save that changed nothing is no event
            super().log_change(request, obj, message)


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
    inlines = [DisclosureInline]
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
        (_("Correction"), {"fields": ["correction_reason", "correction_support"]}),
        (_("Review"), {"fields": ["review_state", "mark_reviewed"]}),
        (_("Extracted values with their evidence"), {"fields": ["evidence"]}),
        (_("Grouping"), {"fields": ["grouping_reason", "created_at", "updated_at"]}),
    ]  # fmt: skip

    def has_add_permission(self, request):
        return False  # incidents come from notices, through `ingest`

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("forensic_firm")

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("merge/", view(self.merge_view), name="breaches_incident_merge"),
            path("<path:object_id>/merges/<int:merge_id>/split/", view(self.undo_merge_view),
                 name="breaches_incident_undo_merge"),
            path("<path:object_id>/candidates/<int:other>/dismiss/",
                 view(self.dismiss_candidate_view), name="breaches_incident_dismiss_candidate"),
            *super().get_urls(),
        ]  # fmt: skip

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
        """Failed cross-field checks, each unverified field with its measured confidence, and
        the corrections whose evidence changed since the editor made them."""
        checks = format_html_join(
            "", "<li>⚠ {}: {}</li>",
            ((", ".join(c["fields"]), _(c["message"])) for c in obj.checks or ()),
        )  # fmt: skip
        unverified = ", ".join(
            f"{name} ({obj.confidence.get(name, 0):.2f})" for name in obj.unverified_fields
        )
        state = format_html(
            "<ul>{}</ul><p>{}: {}</p><p>{}: {}</p>",  # format_html escapes: no {:.2f}
            checks, _("unverified"), unverified or "—", _("expected errors"),
            f"{obj.expected_errors:.2f}",
        )  # fmt: skip
        changed = obj.changed_evidence()
        if not changed:
            return state
        rows = format_html_join(
            "", "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            ((name, shown(c.evidence_changed.get("old")), shown(c.evidence_changed.get("new")),
              shown(c.new_value), c.disclosure or _("incident")) for name, c in changed.items()),
        )  # fmt: skip
        return format_html(
            '{}<p class="errornote">{}</p><table class="changed-evidence"><thead><tr><th>{}</th>'
            "<th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>{}</tbody></table>",
            state,
            _("Needs a look: the notices now say something else under these corrections. Mark "
              "the field reviewed to keep the corrected value, or correct or revert it."),
            _("field"), _("extracted when corrected"), _("extracted now"), _("corrected value"),
            _("corrected on"), rows,
        )  # fmt: skip

    @admin.display(description=_("corrections"))
    def correction_count(self, obj):
        return obj.corrections.active().count()

    def save_model(self, request, obj, form, change):
        """The form's instance is never saved: each field whose SCHEMA value differs from the
        stored one is one correction, then the checked fields are marked reviewed."""
        incident = Incident.objects.get(pk=obj.pk)
        before, after = incident.schema_values(), obj.schema_values()
        reason = form.cleaned_data.get("correction_reason", "")
        support = support_of(form.cleaned_data.get("correction_support"))
        changed = [n for n in FIELDS if not same_schema_value(before[n], after[n])]
        for name in changed:
            incident.correct(name, after[name], user=request.user, reason=reason, support=support)
        incident.record_review(form.cleaned_data.get("mark_reviewed", []), user=request.user)
        if changed:
            messages.info(request, _("Recorded corrections: %s") % ", ".join(changed))

    def log_change(self, request, obj, message):
        """Incident.correct and Incident.record_review wrote the entries."""

    def change_view(self, request, object_id, form_url="", extra_context=None):
        incident = self.get_object(request, unquote(object_id))
        if incident is None and str(object_id).isdigit():
            survivor = IncidentMerge.surviving(int(object_id))
            if survivor is not None:
                self.message_user(request, _("Incident %(old)s was merged into %(new)s.")
                                  % {"old": object_id, "new": survivor.pk})  # fmt: skip
                return HttpResponseRedirect(self.change_url(survivor.pk))
        if incident is not None:
            extra_context = {**(extra_context or {}), **self.editors_record(request, incident)}
        return super().change_view(request, object_id, form_url, extra_context)

    def change_url(self, pk) -> str:
        return reverse("admin:breaches_incident_change", args=[pk])

    def editors_record(self, request, incident) -> dict:
        """What the incident page lists under the form: proposed merges, every correction of
        the incident and its notices, its merges, and the audit trail."""
        texts = dict(incident.disclosures.values_list("pk", "text"))
        corrections = incident.all_corrections().select_related("user", "disclosure")
        others = Incident.objects.in_bulk([c["incident"] for c in incident.merge_candidates])
        candidates = []
        for candidate in incident.merge_candidates:
            other = candidate["incident"]
            merge_url, dismiss_url = candidate_urls(incident.pk, other)
            candidates.append({
                "link": incident_link(others.get(other, other)), "reason": candidate.get("reason"),
                "merge_url": merge_url, "dismiss_url": dismiss_url,
            })  # fmt: skip
        merges = [
            (merge, reverse("admin:breaches_incident_undo_merge", args=[incident.pk, merge.pk]))
            for merge in incident.merges.select_related("user")
        ]
        return {
            "can_change": self.has_change_permission(request, incident),
            "candidates": candidates,
            "corrections": [correction_row(c, texts) for c in corrections],
            "merges": merges,
            "audit_entries": audit.entries_for(incident),
        }

    # Merge ------------------------------------------------------------------------------------

    @admin.action(description=_("Merge the selected incidents (same breach)…"),
                  permissions=["change"])  # fmt: skip
    def merge_incidents(self, request, queryset):
        """A confirmation page with the fields whose value would change; only its confirmation
        (a POST back to this action with `confirm`, for the survivor whose changes were shown)
        merges."""
        incidents = sorted(Incident.objects.filter(pk__in=queryset.values("pk")),
                           key=lambda i: (i.created_at, i.pk))  # fmt: skip
        if len(incidents) < 2:
            self.message_user(request, _("Select at least two incidents to merge."), messages.ERROR)
            return None
        posted = "confirm" in request.POST or "preview" in request.POST
        form = MergeForm(request.POST if posted else None, incidents=incidents)
        target = incidents[0]  # the oldest, unless the editor chose another
        if form.is_bound and form.is_valid():
            target = next(i for i in incidents if i.pk == form.cleaned_data["target"])
            others = [i for i in incidents if i is not target]
            if "confirm" in request.POST and form.cleaned_data["previewed"] == target.pk:
                with transaction.atomic():
                    target.merge(others, user=request.user, reason=form.cleaned_data["reason"])
                self.message_user(request, format_html(
                    _("Merged {} incident(s) into {}."), len(others), incident_link(target),
                ), messages.SUCCESS)  # fmt: skip
                return None
        return self.merge_confirmation(request, incidents, target, form)

    def merge_confirmation(self, request, incidents, target, posted_form):
        others = [i for i in incidents if i is not target]
        form = MergeForm(
            initial={"target": target.pk, "previewed": target.pk,
                     "reason": request.POST.get("reason", "")},
            incidents=incidents,
        )  # fmt: skip
        values = [i.schema_values() for i in [target, *others]]
        changes = [
            (field_label(name), [shown(v[name]) for v in values], shown(new))
            for name, (_old, new) in merge_preview(target, others).items()
        ]
        url = reverse("admin:breaches_incident_changelist")
        return confirmation(
            self, request, "admin/breaches/merge_confirmation.html",
            title=_("Merge incidents"), incidents=incidents, target=target,
            columns=[target, *others], changes=changes, form=form, action_url=url, cancel_url=url,
            # The editor chose another survivor without seeing its changes: show them first.
            repreview=posted_form.is_bound and "confirm" in request.POST,
        )  # fmt: skip

    def merge_view(self, request):
        """The merge confirmation for incidents given as ?ids= (a proposed merge)."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        ids = [int(i) for i in request.GET.getlist("ids") if i.isdigit()]
        return self.merge_incidents(request, Incident.objects.filter(pk__in=ids)) or (
            HttpResponseRedirect(reverse("admin:breaches_reviewqueue_changelist"))
        )

    def undo_merge_view(self, request, object_id, merge_id):
        """Split an absorbed incident off again, exactly as it was (confirmation first)."""
        merge = get_object_or_404(IncidentMerge, pk=merge_id, target_id=unquote(object_id),
                                  split_at__isnull=True)  # fmt: skip
        if not self.has_change_permission(request, merge.target):
            raise PermissionDenied
        form = ReasonForm(request.POST or None)
        if request.method == "POST" and "confirm" in request.POST and form.is_valid():
            with transaction.atomic():
                restored = merge.undo(user=request.user, reason=form.cleaned_data["reason"])
            self.message_user(
                request,
                format_html(_("Split {} off again."), incident_link(restored)),
                messages.SUCCESS,
            )
            return HttpResponseRedirect(self.change_url(restored.pk))
        return confirmation(
            self, request, title=_("Split a merged incident off again"),
            question=_("Incident %(absorbed)s, merged into %(target)s on %(when)s, gets its own "
                       "page again with its notices, corrections and reviews.")
            % {"absorbed": merge.absorbed_id, "target": merge.target,
               "when": date_format(localtime(merge.created_at), "DATETIME_FORMAT")},
            form=form, confirm_label=_("Yes, split it off"),
            cancel_url=self.change_url(merge.target_id),
        )  # fmt: skip

    def dismiss_candidate_view(self, request, object_id, other):
        """An editor decides a proposed merge is another breach (confirmation first)."""
        incident = self.get_object(request, unquote(object_id))
        if incident is None:
            raise Http404
        if not self.has_change_permission(request, incident):
            raise PermissionDenied
        form = ReasonForm(request.POST or None)
        if request.method == "POST" and "confirm" in request.POST and form.is_valid():
            with transaction.atomic():
                incident.dismiss_candidate(other, user=request.user,
                                           reason=form.cleaned_data["reason"])  # fmt: skip
            self.message_user(request, _("Incident %(other)s is no longer proposed for a merge.")
                              % {"other": other}, messages.SUCCESS)  # fmt: skip
            return HttpResponseRedirect(self.change_url(incident.pk))
        reason = next((c.get("reason", "") for c in incident.merge_candidates
                       if c["incident"] == other), "")  # fmt: skip
        other_incident = Incident.objects.filter(pk=other).first() or other
        return confirmation(
            self, request, title=_("Another breach"),
            question=_("Incidents %(one)s and %(other)s are not the same breach: the proposal "
                       "to merge them goes, on both.") % {"one": incident.pk, "other": other},
            items=[incident_link(incident), incident_link(other_incident)],
            note=reason, form=form, confirm_label=_("Yes, another breach"),
            cancel_url=self.change_url(incident.pk),
        )  # fmt: skip

    @admin.action(description=_("Re-extract the notices of the selected incidents"),
                  permissions=["change"])  # fmt: skip
    def reextract_incidents(self, request, queryset):
        changed = 0
        for incident in queryset:
            with transaction.atomic():
                changed += incident.reextract(user=request.user)
        self.message_user(request, _("Re-extracted; %d notice(s) changed.") % changed)


def candidate_urls(pk: int, other: int) -> tuple[str, str]:
    """The confirmation pages to merge a proposed incident, or to call it another breach."""
    merge = reverse("admin:breaches_incident_merge") + f"?ids={pk}&ids={other}"
    return merge, reverse("admin:breaches_incident_dismiss_candidate", args=[pk, other])


def correction_row(correction: Correction, texts: dict) -> dict:
    """One correction of the incident or of its notices, for the table on the incident page."""
    support = correction.support or {}
    text = texts.get(support.get("disclosure"), "")
    changed = correction.evidence_changed
    return {
        "correction": correction,
        "url": reverse("admin:breaches_correction_change", args=[correction.pk]),
        "old": shown(correction.old_value),
        "new": shown(correction.new_value),
        "evidence_old": shown(changed.get("old")) if changed else "",
        "evidence_new": shown(changed.get("new")) if changed else "",
        "support": text[support.get("start", 0) : support.get("end", 0)] if support else "",
    }


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
            (_("Correct a field"), {"fields": [*FIELDS, "correction_reason",
                                               "correction_support"]}),
            (_("Source text"), {"fields": ["text"]}),
        ]  # fmt: skip

    def save_model(self, request, obj, form, change):
        """Only the fields the form changed are offered; Disclosure.correct records those
        whose value really differs."""
        changes = {
            name: schema_value(name, form.cleaned_data.get(name))
            for name in FIELDS
            if name in form.changed_data
        }
        changed = obj.correct(
            changes, user=request.user, reason=form.cleaned_data.get("correction_reason", ""),
            support=support_of(form.cleaned_data.get("correction_support")),
        )  # fmt: skip
        if changed:
            messages.info(request, _("Recorded corrections: %s") % ", ".join(changed))

    def log_change(self, request, obj, message):
        """Disclosure.correct wrote the entry."""

    @admin.action(description=_("Re-extract the selected notices (corrections are kept)"),
                  permissions=["change"])  # fmt: skip
    def reextract(self, request, queryset):
        aliases = FirmAlias.table()
        changed = 0
        for disclosure in queryset.select_related("incident"):
            with transaction.atomic():
                changed += disclosure.reextract(user=request.user, aliases=aliases)
        self.message_user(request, _("Re-extracted; %d notice(s) changed.") % changed)

    @admin.action(description=_("Split the selected notices off into an incident of their own…"),
                  permissions=["change"])  # fmt: skip
    def split_off(self, request, queryset):
        """The selected notices of each incident leave it together, for a new incident
        (confirmation first); an incident keeps at least one notice."""
        by_incident = {}
        for disclosure in queryset.select_related("incident").order_by("incident", "id"):
            by_incident.setdefault(disclosure.incident, []).append(disclosure)
        splits = {
            incident: chosen
            for incident, chosen in by_incident.items()
            if incident.disclosures.exclude(pk__in=[d.pk for d in chosen]).exists()
        }
        if not splits:
            self.message_user(request, _("An incident keeps at least one notice: nothing to "
                                         "split."), messages.ERROR)  # fmt: skip
            return None
        form = ReasonForm(request.POST if "confirm" in request.POST else None)
        if form.is_bound and form.is_valid():
            created = []
            with transaction.atomic():
                for incident, chosen in splits.items():
                    created.append(
                        incident.split_off(
                            chosen, user=request.user, reason=form.cleaned_data["reason"]
                        )
                    )
            self.message_user(request, format_html(
                _("Split off into {}."), format_html_join(", ", "{}",
                                                          ((incident_link(i),) for i in created)),
            ), messages.SUCCESS)  # fmt: skip
            return None
        return confirmation(
            self, request, title=_("Split notices off"),
            question=_("These notices leave their incident for a new one of their own (one new "
                       "incident per incident they leave):"),
            items=[format_html("{} ← {}", d, incident_link(i)) for i, ds in splits.items()
                   for d in ds],
            selected=[d.pk for ds in splits.values() for d in ds], action="split_off",
            form=form, confirm_label=_("Yes, split them off"),
            action_url=reverse("admin:breaches_disclosure_changelist"),
            cancel_url=reverse("admin:breaches_disclosure_changelist"),
        )  # fmt: skip

    @admin.display(description=_("extracted fields"))
    def extracted_fields(self, obj):
        return evidence_table((name, obj) for name in FIELDS)


@admin.register(ReviewQueue)
class ReviewQueueAdmin(admin.ModelAdmin):
    list_display = ["__str__", "fields_to_review", "candidates", "expected_errors", "created_at",
                    "first_disclosed_on"]  # fmt: skip
    actions = ["mark_reviewed", "merge_incidents"]
    list_display_links = None

    def get_queryset(self, request):
        return ReviewQueue.objects.needing_review().select_related("forensic_firm")

    def get_list_display(self, request):
        if self.has_change_permission(request):
            return self.list_display
        return [("candidates_plain" if n == "candidates" else n) for n in self.list_display]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("fields to review"))
    def fields_to_review(self, obj):
        url = reverse("admin:breaches_incident_change", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, ", ".join(obj.review_fields) or "—")

    @admin.display(description=_("same breach?"))
    def candidates(self, obj):
        return self.candidate_list(obj, actions=True)

    @admin.display(description=_("same breach?"))
    def candidates_plain(self, obj):
        return self.candidate_list(obj, actions=False)

    def candidate_list(self, obj, *, actions: bool):
        """Each proposed merge: the other incident, why, and (for editors) merge or dismiss."""
        items = []
        for candidate in obj.merge_candidates:
            other = candidate["incident"]
            item = format_html("{} — {}", incident_link(other), candidate.get("reason", ""))
            if actions:
                merge, dismiss = candidate_urls(obj.pk, other)
                item = format_html('{} <a class="button" href="{}">{}</a> <a class="button" '
                                   'href="{}">{}</a>', item, merge, _("Merge…"), dismiss,
                                   _("Another breach…"))  # fmt: skip
            items.append((item,))
        return (
            format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", items)) if items else "—"
        )

    @admin.action(description=_("Mark the listed fields reviewed"), permissions=["change"])
    def mark_reviewed(self, request, queryset):
        incidents = Incident.objects.filter(pk__in=queryset.values("pk"))
        for incident in incidents:
            with transaction.atomic():
                incident.record_review(incident.review_fields, user=request.user)
        self.message_user(request, _("Marked %d incident(s) reviewed.") % len(incidents))

    @admin.action(description=_("Merge the selected incidents (same breach)…"),
                  permissions=["change"])  # fmt: skip
    def merge_incidents(self, request, queryset):
        incident_admin = self.admin_site.get_model_admin(Incident)
        if not incident_admin.has_change_permission(request):
            raise PermissionDenied
        return incident_admin.merge_incidents(request, queryset)


class CorrectionForm(forms.ModelForm):
    revert_correction = forms.BooleanField(label=_("Revert this correction"), required=False,
                                help_text=_("The notices' value returns."))  # fmt: skip
    revert_reason = reason_field(_("Reason"))

    class Meta:
        model = Correction
        fields = []


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin):
    form = CorrectionForm
    list_display = ["field", "incident", "disclosure", "old_value", "new_value", "user",
                    "created_at", "reverted_at", "evidence_changed"]  # fmt: skip
    list_filter = ["field", "user", "reverted_at"]
    search_fields = ["incident__organization", "disclosure__incident__organization", "reason"]
    readonly_fields = ["incident", "disclosure", "field", "old_value", "new_value", "reason",
                       "user", "created_at", "reverted_at", "basis", "evidence_changed",
                       "support"]  # fmt: skip
    actions = ["revert"]

    def has_add_permission(self, request):
        return False

    def get_fields(self, request, obj=None):
        if obj and obj.reverted_at is None and self.has_change_permission(request, obj):
            return [*self.readonly_fields, "revert_correction", "revert_reason"]
        return list(self.readonly_fields)

    def save_model(self, request, obj, form, change):
        if form.cleaned_data.get("revert_correction"):
            obj.revert(user=request.user, reason=form.cleaned_data.get("revert_reason", ""))

    def log_change(self, request, obj, message):
        """Correction.revert wrote the entry."""

    @admin.action(description=_("Revert the selected corrections"), permissions=["change"])
    def revert(self, request, queryset):
        corrections = list(queryset.active().order_by("created_at", "id"))
        with transaction.atomic():
            for correction in corrections:
                correction.revert(user=request.user)
        self.message_user(request, _("Reverted %d correction(s).") % len(corrections))


class FirmAliasInline(admin.TabularInline):
    model = FirmAlias
    extra = 1


@admin.register(ForensicFirm)
class ForensicFirmAdmin(AuditedAdmin):
    list_display = ["name", "label_ja", "slug"]
    search_fields = ["name", "label_ja", "aliases__alias"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [FirmAliasInline]


@admin.register(Term)
class TermAdmin(AuditedAdmin):
    list_display = ["kind", "code", "label_ja", "label_en"]
    list_filter = ["kind"]
    readonly_fields = ["kind", "code"]  # codes are the SCHEMA contract; labels are editable

    def has_add_permission(self, request):
        return False


@admin.register(Revision)
class RevisionAdmin(admin.ModelAdmin):
    """Earlier texts are history: shown, never edited."""

    list_display = ["__str__", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
