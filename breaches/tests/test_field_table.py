"""The catalogue derives its field lists from the one field table of the extraction engine."""

from django.utils import translation

from breaches.admin_forms import IncidentForm
from breaches.detail import FIELD_LABELS
from ingest.extract.fields import FIELDS, TABLE


def test_every_field_label_has_a_japanese_translation():
    # The labels live in ingest/extract/fields.py (no Django there): makemessages cannot see
    # them, so this keeps the catalogue honest.
    with translation.override("ja"):
        untranslated = [f.label for f in TABLE if str(FIELD_LABELS[f.name]) == f.label]
    assert untranslated == []


def test_the_admin_form_and_the_detail_page_cover_the_table():
    assert list(IncidentForm.Meta.fields) == list(FIELDS)
    assert list(FIELD_LABELS) == list(FIELDS)
