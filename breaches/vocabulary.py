"""Seed the vocabulary tables from ingest/extract/vocab.json after every migrate.

Missing codes, firms and aliases are added; rows that exist are left alone, so labels and aliases
that editors changed in the admin stay as they are.
"""

from ingest.extract import vocab


def load_vocabulary(sender=None, **kwargs) -> None:
    from .models import FirmAlias, ForensicFirm, Term

    data = vocab.load()
    for kind in Term.Kind.values:
        for position, item in enumerate(data[kind]):
            Term.objects.get_or_create(
                kind=kind,
                code=item["code"],
                defaults={"label_ja": item["ja"], "label_en": item["en"], "position": position},
            )
    for item in data["forensic_firms"]:
        firm, _ = ForensicFirm.objects.get_or_create(
            name=item["name"], defaults={"slug": item["slug"], "label_ja": item["ja"]}
        )
        for alias in item["aliases"]:
            if alias != firm.name:
                FirmAlias.objects.get_or_create(alias=alias, defaults={"firm": firm})


EDITOR_PERMISSIONS = {
    "incident": ["view", "change"],
    "reviewqueue": ["view", "change"],
    "disclosure": ["view", "change"],
    "correction": ["view", "add", "change"],
    "fieldreview": ["view", "add"],
    "revision": ["view"],
    "forensicfirm": ["view", "add", "change"],
    "firmalias": ["view", "add", "change", "delete"],
    "term": ["view", "change"],
}


def load_roles(sender=None, **kwargs) -> None:
    """The `editor` group corrects, merges and splits; `viewer` looks and changes nothing."""
    from django.contrib.auth.models import Group, Permission

    editor, _ = Group.objects.get_or_create(name="editor")
    viewer, _ = Group.objects.get_or_create(name="viewer")
    for model, actions in EDITOR_PERMISSIONS.items():
        codenames = [f"{action}_{model}" for action in actions]
        perms = Permission.objects.filter(
            content_type__app_label="breaches", codename__in=codenames
        )
        editor.permissions.add(*perms)
        viewer.permissions.add(*perms.filter(codename__startswith="view_"))
