"""The vocabulary tables: seeded from ingest/extract/vocab.json after every migrate, and read by
the pages once per catalogue version.

Missing codes, firms and aliases are added; rows that exist are left alone, so labels and aliases
that editors changed in the admin stay as they are.
"""

from dataclasses import dataclass, field

from ingest.extract import vocab


@dataclass
class Snapshot:
    """Term, ForensicFirm, FirmAlias and FacetBit as one catalogue version has them. A term's
    `label` follows the active language when it is read, so one snapshot serves both."""

    version: str
    terms: list
    firms: list
    aliases: list[tuple[str, int]]  # (alias, firm id)
    bits: dict[tuple[str, str], int]  # (facet, value) -> its bit in IncidentFacets' masks
    derived: dict = field(default_factory=dict)  # what callers compute from it, by their key


_KEPT: dict[str, Snapshot] = {}


def current(version: str | None = None) -> Snapshot:
    """The vocabulary of catalogue version `version` (read when not given), from this process's
    memory after its first reading. Every write to these tables moves the version (migration
    0011), and so does an incident naming a facet value for the first time (FacetBit)."""
    from .models import FacetBit, FirmAlias, ForensicFirm, Term, catalogue_version

    version = version or catalogue_version()
    found = _KEPT.get(version)
    if found is None:
        found = Snapshot(
            version=version,
            terms=list(Term.objects.all()),
            firms=list(ForensicFirm.objects.all()),
            aliases=list(FirmAlias.objects.values_list("alias", "firm_id")),
            bits={(k, c): b for k, c, b in FacetBit.objects.values_list("kind", "code", "bit")},
        )
        _KEPT.clear()  # one version is kept: the newest a request asked for
        _KEPT[version] = found
    return found


def forget() -> None:
    """Drop the kept snapshot (tests: a rolled-back transaction reuses its version number)."""
    _KEPT.clear()


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
