"""The editors' audit trail: every write through the admin as a Django admin LogEntry, with who,
when, only the fields that changed (old → new) and the reason. The incident's admin page lists
its own entries and those of its notices and corrections."""

import json

from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.contenttypes.models import ContentType

__all__ = ["ADDITION", "CHANGE", "DELETION", "record", "describe", "entries_for"]


def short(value) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else repr(value)
    return text if len(text) <= 200 else text[:199] + "…"


def describe(action: str, changes: dict | None = None, reason: str = "") -> str:
    """「Corrected: organization 'A' → 'B'. Reason: …」: only the fields given, old → new."""
    parts = [action]
    if changes:
        parts.append(
            "; ".join(
                f"{name}: {short(old)} → {short(new)}" for name, (old, new) in changes.items()
            )
        )
    text = ": ".join(parts)
    if reason:
        text += f". Reason: {reason}"
    return text


def record(user, obj, message: str, flag: int = CHANGE) -> None:
    """One LogEntry for `obj`; writes without a user (imports, commands) are not the admin's."""
    if user is None or not getattr(user, "pk", None):
        return
    LogEntry.objects.log_actions(user.pk, [obj], flag, message, single_object=True)


def entries_for(incident) -> list[LogEntry]:
    """The incident's own entries, and those of its notices and corrections, newest first."""
    from .models import Correction, Disclosure, Incident, IncidentMerge

    def of(model, ids):
        kind = ContentType.objects.get_for_model(model, for_concrete_model=False)
        return {"content_type": kind, "ids": [str(i) for i in ids]}

    absorbed = list(
        incident.merges.filter(split_at__isnull=True).values_list("absorbed_id", flat=True)
    )
    wanted = [
        # Its own entries and those of the incidents merged into it.
        of(Incident, [incident.pk, *absorbed]),
        of(Disclosure, incident.disclosures.values_list("pk", flat=True)),
        of(Correction, incident.all_corrections().values_list("pk", flat=True)),
        of(IncidentMerge, incident.merges.values_list("pk", flat=True)),
    ]
    from django.db.models import Q

    query = Q(pk__in=[])
    for part in wanted:
        query |= Q(content_type=part["content_type"], object_id__in=part["ids"])
    entries = LogEntry.objects.filter(query).select_related("user", "content_type")
    return list(entries.order_by("-action_time"))
