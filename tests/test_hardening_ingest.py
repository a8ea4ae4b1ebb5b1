"""An over-long value is a clear, per-file failure, not an "internal error"."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from breaches.models import Disclosure
from conftest import SEEDS

pytestmark = pytest.mark.django_db


def test_an_over_long_organisation_fails_its_file_with_a_clear_reason(tmp_path):
    seed = sorted(SEEDS.glob("*.txt"))[0]
    notice = tmp_path / "long.txt"
    notice.write_text(seed.read_text(encoding="utf-8"), encoding="utf-8")
    notice.with_suffix(".json").write_text(
        json.dumps({"organization": "株式会社" + "長" * 400}), encoding="utf-8"
    )
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match="could not be imported"):
        call_command("ingest", str(notice), stdout=out, stderr=err)
    report = out.getvalue() + err.getvalue()
    assert "too long" in report
    assert "internal error" not in report
    assert "long.txt" in report
    assert not Disclosure.objects.exists()
