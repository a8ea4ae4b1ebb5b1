"""One notice saved in two forms beside one sidecar (`n.txt`, `n.html`, `n.json`) is one notice."""

import re
from io import StringIO

import pytest
from django.core.management import call_command

from breaches.models import Disclosure, Revision
from ingest.sources import SKIPPED, iter_sources

pytestmark = pytest.mark.django_db

NOTICE = """2021年3月5日
株式会社ふたつ折り
不正アクセスによるクレジットカード情報流出に関するお詫びとお知らせ
このたび、弊社が運営する「ふたつ折りストア」におきまして、第三者による不正アクセスを受け、
お客様のクレジットカード情報（1,357件）が流出した可能性があることが判明いたしました。
2020年12月1日、決済代行会社から、弊社サイトを利用したお客様のカード情報の流出懸念について連絡を受けました。
"""
# The page's text is not quite the .txt (it has a heading), as when a copy was made by hand.
HTML = (
    "<html><head><title>お知らせ</title></head><body><nav><a href='/'>ホーム</a></nav><main>"
    "<h1>重要なお知らせ</h1>"
    + "".join(f"<p>{line}</p>" for line in NOTICE.splitlines())
    + "</main></body></html>"
)
SIDECARS = {
    "with a source URL": '{"source_url": "https://futatsu.example.jp/news/1", '
    '"published_on": "2021-03-05"}',
    "without a source URL": '{"published_on": "2021-03-05"}',
}


def ingest(*paths, verbosity=2) -> str:
    out = StringIO()
    call_command("ingest", *map(str, paths), verbosity=verbosity, stdout=out, stderr=StringIO())
    return out.getvalue()


def two_forms(folder, sidecar):
    (folder / "n.txt").write_text(NOTICE, encoding="utf-8")
    (folder / "n.html").write_text(HTML, encoding="utf-8")
    (folder / "n.json").write_text(sidecar, encoding="utf-8")


@pytest.mark.parametrize("sidecar", SIDECARS.values(), ids=SIDECARS.keys())
def test_two_forms_beside_one_sidecar_are_imported_as_one_notice(tmp_path, sidecar):
    two_forms(tmp_path, sidecar)
    out = ingest(tmp_path)
    # The sidecar itself is the other skipped file.
    assert "1 new, 0 updated, 0 unchanged, 2 skipped, 0 failed" in out
    assert re.search(
        r"^SKIPPED \S*/n\.txt: same sidecar n\.json as n\.html, which is imported instead",
        out,
        re.M,
    )
    assert out.count("same sidecar") == 1
    disclosure = Disclosure.objects.get()
    assert disclosure.source_path.endswith("/n.html")
    assert disclosure.text.startswith("重要なお知らせ")
    assert disclosure.published_on.isoformat() == "2021-03-05"


@pytest.mark.parametrize("sidecar", SIDECARS.values(), ids=SIDECARS.keys())
def test_a_second_run_over_two_forms_writes_no_revision(tmp_path, sidecar):
    two_forms(tmp_path, sidecar)
    ingest(tmp_path)
    before = list(Disclosure.objects.values_list("pk", "revision", "content_hash", "updated_at"))
    out = ingest(tmp_path)
    assert "0 new, 0 updated, 1 unchanged, 2 skipped, 0 failed" in out
    assert Revision.objects.count() == 0
    assert (
        list(Disclosure.objects.values_list("pk", "revision", "content_hash", "updated_at"))
        == before
    )


def test_two_forms_named_on_the_command_line_are_one_notice_too(tmp_path):
    two_forms(tmp_path, SIDECARS["with a source URL"])
    out = ingest(tmp_path / "n.txt", tmp_path / "n.html")
    assert "1 new, 0 updated, 0 unchanged, 1 skipped, 0 failed" in out
    assert Disclosure.objects.get().source_key == "https://futatsu.example.jp/news/1"


def test_files_with_their_own_sidecars_are_all_imported(tmp_path):
    (tmp_path / "a.txt").write_text(NOTICE, encoding="utf-8")
    (tmp_path / "a.json").write_text('{"published_on": "2021-03-05"}', encoding="utf-8")
    (tmp_path / "b.html").write_text(HTML.replace("1,357件", "2,468件"), encoding="utf-8")
    (tmp_path / "b.json").write_text('{"published_on": "2021-03-06"}', encoding="utf-8")
    outcomes = {path.name: outcome for path, outcome, _ in iter_sources([tmp_path])}
    assert outcomes == {"a.txt": "", "a.json": SKIPPED, "b.html": "", "b.json": SKIPPED}


def test_the_published_form_is_kept_whatever_the_file_names_sort_as(tmp_path):
    (tmp_path / "n.txt").write_text(NOTICE, encoding="utf-8")
    (tmp_path / "n.pdf").write_bytes(b"%PDF-1.4 not read here")
    (tmp_path / "n.json").write_text("{}", encoding="utf-8")
    outcomes = {path.name: (outcome, why) for path, outcome, why in iter_sources([tmp_path])}
    assert outcomes["n.pdf"] == ("", "")
    assert outcomes["n.txt"][0] == SKIPPED
    assert "as n.pdf" in outcomes["n.txt"][1]
