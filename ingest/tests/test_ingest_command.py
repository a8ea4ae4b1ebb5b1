"""The `ingest` command: bulk import that is idempotent, revision-aware and loses nothing."""

import re
import shutil
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from breaches.models import Correction, Disclosure, Incident, Revision
from conftest import SEEDS

pytestmark = pytest.mark.django_db

NOTICE = """2021年3月5日
株式会社サンプル商店
不正アクセスによるクレジットカード情報流出に関するお詫びとお知らせ

このたび、弊社が運営する「サンプルストア」におきまして、第三者による不正アクセスを受け、
お客様のクレジットカード情報（1,234件）が流出した可能性があることが判明いたしました。
2020年12月1日、決済代行会社から、弊社サイトを利用したお客様のカード情報の流出懸念について連絡を受けました。
"""


def ingest(*paths, **options):
    out, err = StringIO(), StringIO()
    call_command("ingest", *map(str, paths), stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def write(folder, name, text, encoding="utf-8"):
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


def test_it_imports_the_five_seed_notices_as_incidents():
    out, _ = ingest(SEEDS)
    assert "5 new, 0 updated, 0 unchanged, 1 skipped, 0 failed" in out
    assert Disclosure.objects.count() == 5
    assert Incident.objects.count() == 5
    assert Incident.objects.filter(organization="常盤商事株式会社").exists()


def test_a_second_run_changes_nothing(tmp_path):
    shutil.copytree(SEEDS, tmp_path / "seeds")
    ingest(tmp_path / "seeds")
    before = list(Disclosure.objects.values_list("pk", "updated_at", "content_hash"))
    out, _ = ingest(tmp_path / "seeds")
    assert "0 new, 0 updated, 5 unchanged, 1 skipped, 0 failed" in out
    assert list(Disclosure.objects.values_list("pk", "updated_at", "content_hash")) == before


def test_default_path_is_the_seeds_folder():
    out, _ = ingest()
    assert "5 new" in out


def test_a_changed_file_becomes_a_new_revision_not_a_duplicate(tmp_path):
    path = write(tmp_path, "notice.txt", NOTICE)
    ingest(path)
    write(tmp_path, "notice.txt", NOTICE.replace("1,234件", "2,345件"))
    out, _ = ingest(path)
    assert "0 new, 1 updated" in out
    disclosure = Disclosure.objects.get()
    assert disclosure.revision == 2
    assert "2,345件" in disclosure.text
    assert Revision.objects.get().text == NOTICE.strip("\n")
    assert Incident.objects.get().records_max == 2345


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp932", "euc_jp", "iso2022_jp"])
def test_each_encoding_imports_the_same_text(tmp_path, encoding):
    ingest(write(tmp_path, f"notice-{encoding}.txt", NOTICE, encoding))
    disclosure = Disclosure.objects.get()
    assert disclosure.text == NOTICE.strip("\n")
    assert disclosure.incident.organization == "株式会社サンプル商店"


def test_the_same_text_in_another_encoding_is_not_a_second_disclosure(tmp_path):
    ingest(write(tmp_path, "a.txt", NOTICE, "utf-8"))
    out, _ = ingest(write(tmp_path, "b.txt", NOTICE, "cp932"))
    assert "1 unchanged" in out
    assert Disclosure.objects.count() == 1


def test_bad_files_are_reported_while_the_rest_import(tmp_path):
    write(tmp_path, "good.txt", NOTICE)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 50)
    (tmp_path / "garbled.txt").write_bytes(b"\xff\xfe\xfd\x80\x81\x82\x83\xfe\xff" * 20)
    out = StringIO()
    err = StringIO()
    with pytest.raises(CommandError, match="3 file"):
        call_command("ingest", str(tmp_path), stdout=out, stderr=err)
    assert "1 new, 0 updated, 0 unchanged, 0 skipped, 3 failed" in out.getvalue()
    report = err.getvalue()
    assert f"FAILED {tmp_path / 'empty.txt'}: file is empty" in report
    assert f"FAILED {tmp_path / 'binary.txt'}: binary file" in report
    assert f"FAILED {tmp_path / 'garbled.txt'}: cannot decode" in report
    assert "Traceback" not in report
    assert Disclosure.objects.count() == 1


def test_a_missing_path_is_a_failure_not_a_traceback(tmp_path):
    with pytest.raises(CommandError):
        ingest(tmp_path / "nowhere")
    assert Disclosure.objects.count() == 0


def test_dry_run_saves_nothing(tmp_path):
    out, _ = ingest(write(tmp_path, "n.txt", NOTICE), dry_run=True)
    assert "dry run: 1 new" in out
    assert Disclosure.objects.count() == 0
    assert Incident.objects.count() == 0


def test_sidecar_values_take_precedence_over_extraction(tmp_path):
    write(tmp_path, "n.txt", NOTICE)
    write(
        tmp_path,
        "n.json",
        '{"source_url": "https://example.jp/n", "published_on": "2021-03-06",'
        ' "organization": "株式会社ほかの名前"}',
    )
    ingest(tmp_path / "n.txt")
    incident = Incident.objects.get()
    assert incident.organization == "株式会社ほかの名前"
    assert incident.published_on.isoformat() == "2021-03-06"
    assert Disclosure.objects.get().source_key == "https://example.jp/n"


def test_html_notices_are_imported_as_text(tmp_path):
    html = (
        "<html><body>"
        + "".join(f"<p>{line}</p>" for line in NOTICE.splitlines())
        + "</body></html>"
    )
    ingest(write(tmp_path, "n.html", html, "cp932"))
    disclosure = Disclosure.objects.get()
    assert "<p>" not in disclosure.text
    assert disclosure.incident.records_max == 1234


def test_a_correction_survives_reingest_of_a_changed_file(tmp_path):
    path = write(tmp_path, "notice.txt", NOTICE)
    ingest(path)
    incident = Incident.objects.get()
    Correction.objects.create(incident=incident, field="records_max", old_value=1234, new_value=999)
    incident.resolve()
    write(tmp_path, "notice.txt", NOTICE.replace("1,234件", "2,345件"))
    ingest(path)
    incident.refresh_from_db()
    assert incident.records_max == 999
    assert Disclosure.objects.get().extraction["records_max"]["value"] == 2345


def test_a_second_notice_of_the_same_breach_joins_its_incident(tmp_path):
    ingest(write(tmp_path, "first.txt", NOTICE))
    second = NOTICE.replace("2021年3月5日", "2021年4月9日").replace(
        "お詫びとお知らせ", "お詫びとお知らせ（第2報）"
    )
    ingest(write(tmp_path, "second.txt", second))
    incident = Incident.objects.get()
    assert incident.disclosures.count() == 2
    assert "second.txt" in incident.grouping_reason
    assert incident.first_disclosed_on.isoformat() == "2021-03-05"
    assert incident.published_on.isoformat() == "2021-04-09"


def test_an_unrelated_notice_starts_its_own_incident(tmp_path):
    ingest(write(tmp_path, "first.txt", NOTICE))
    other = NOTICE.replace("株式会社サンプル商店", "株式会社べつの会社").replace(
        "サンプルストア", "べつの店"
    )
    ingest(write(tmp_path, "other.txt", other))
    assert Incident.objects.count() == 2


def test_reingest_after_an_extractor_change_stores_new_values_and_keeps_corrections():
    ingest(SEEDS)
    disclosure = Disclosure.objects.get(source_path__endswith="003_cbfd4d8b99e724ae.txt")
    incident = disclosure.incident
    # What an older extractor had stored: a wrong count, under another version.
    disclosure.extraction["records_max"]["value"] = 1
    disclosure.extraction["_version"] = "older-extractor"
    disclosure.save()
    Correction.objects.create(incident=incident, field="causes", new_value=["malware"])
    incident.resolve()
    out, _ = ingest(SEEDS)
    assert "0 new, 1 updated, 4 unchanged" in out
    incident.refresh_from_db()
    assert incident.records_max == 6679
    assert incident.causes == ["malware"]


def test_an_interrupted_import_keeps_what_was_imported(tmp_path, monkeypatch):
    from ingest import importer

    for n in range(3):
        write(tmp_path, f"n{n}.txt", NOTICE.replace("サンプル商店", f"サンプル商店{n}"))
    real = importer.import_file
    calls = []

    def stop_on_the_third(path, **kwargs):
        calls.append(path)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(path, **kwargs)

    monkeypatch.setattr(importer, "import_file", stop_on_the_third)
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match="interrupted"):
        call_command("ingest", str(tmp_path), stdout=out, stderr=err)
    assert "2 new, 0 updated, 0 unchanged, 0 skipped, 0 failed" in out.getvalue()
    assert Disclosure.objects.count() == 2


def test_a_database_error_is_one_clear_line(monkeypatch):
    from django.db import OperationalError

    from ingest.management.commands import ingest as command

    def down(*args, **kwargs):
        raise OperationalError("connection refused\nIs the server running?")

    monkeypatch.setattr(command, "import_paths", down)
    with pytest.raises(CommandError, match="^database error: connection refused$"):
        call_command("ingest", stdout=StringIO(), stderr=StringIO())


@pytest.mark.django_db(transaction=True)
def test_parallel_jobs_import_the_same_as_one_process(tmp_path):
    for n in range(4):
        other = NOTICE.replace("サンプル商店", f"サンプル商店{n}")
        other = other.replace("サンプルストア", f"店{n}")
        write(tmp_path, f"n{n}.txt", other)
    second = NOTICE.replace("2021年3月5日", "2021年4月9日").replace(
        "お詫びとお知らせ", "お詫びとお知らせ（第2報）"
    )
    write(tmp_path, "first.txt", NOTICE)
    write(tmp_path, "second.txt", second)
    (tmp_path / "empty.txt").write_bytes(b"")
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match="1 file"):
        call_command("ingest", str(tmp_path), jobs=2, stdout=out, stderr=err)
    assert "6 new, 0 updated, 0 unchanged, 0 skipped, 1 failed" in out.getvalue()
    assert "empty.txt: file is empty" in err.getvalue()
    assert Disclosure.objects.count() == 6
    assert Incident.objects.count() == 5
    assert Incident.objects.get(organization="株式会社サンプル商店").disclosures.count() == 2
    out, _ = ingest(tmp_path / "first.txt", tmp_path / "second.txt", jobs=2)
    assert "0 new, 0 updated, 2 unchanged" in out


def test_jobs_must_be_positive():
    with pytest.raises(CommandError, match="--jobs"):
        ingest(jobs=0)


def variant(text: str, n: int) -> str:
    """Another merchant's notice: the same wording under other names."""
    for name in ("みなと珈琲", "はなみずき"):
        text = text.replace(name, f"{name}{n}号")
    return text


def test_a_mixed_folder_tree_accounts_for_every_file(tmp_path):
    import os

    from ingest.tests.published import FORMS, MINATO

    folder = tmp_path / "notices"
    (folder / "saved" / "お知らせ_files").mkdir(parents=True)
    forms = [
        ("Shift_JIS text named .TXT", "NOTICE.TXT"),
        ("HTML with heavy chrome", "page.htm"),
        ("HTML with a news list above the article", "news.shtml"),
        ("wget download without extension (HTML)", "index"),
        ("e-mail in base64", "mail.eml"),
        ("Word .docx", "notice.docx"),
        ("PDF set with a Japanese font", "お詫びとお知らせ.pdf"),
        ("UTF-16 with BOM", "utf16.txt"),
        ("HTML with heavy chrome", "saved/お知らせ.html"),
    ]
    for n, (form, name) in enumerate(forms):
        (folder / name).write_bytes(FORMS[form](variant(MINATO, n))[1])
    write(folder, "notes.md", "# メモ\n\n" + variant(MINATO, 20))
    write(folder, "with-sidecar.txt", variant(MINATO, 21))
    write(folder, "with-sidecar.json", '{"published_on": "2024-05-21"}')
    write(folder, "copy-of-notice.txt", variant(MINATO, 21))  # the same text again
    files = folder / "saved" / "お知らせ_files"
    write(files, "style.css", "body { color: #333 }")
    write(files, "script.js", "var menu = ['年末年始'];")
    (files / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    write(files, "frame.html", "<html><body><p>ホーム</p><p>会社概要</p></body></html>")
    write(folder, "urls.txt", "https://example.jp/a\nhttps://example.jp/b\n")
    write(folder, ".DS_Store", "x")
    write(folder, "~$notice.docx", "lock")
    (folder / "empty.txt").write_bytes(b"")
    os.mkfifo(folder / "pipe")
    (folder / "loop").symlink_to(folder / "loop")
    (folder / "saved" / "up").symlink_to(folder)

    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match="1 file"):
        call_command("ingest", str(folder), verbosity=2, stdout=out, stderr=err)
    report = out.getvalue()
    assert "11 new, 0 updated, 1 unchanged, 11 skipped, 1 failed" in report
    for name, reason in [
        ("with-sidecar.json", "sidecar metadata"),
        ("style.css", "unsupported type: .css"),
        ("script.js", "unsupported type: .js"),
        ("logo.png", "unsupported type: image (PNG)"),
        ("frame.html", "not a notice"),
        ("urls.txt", "not a notice"),
        (".DS_Store", "hidden file"),
        ("~$notice.docx", "lock or temporary file"),
        ("pipe", "not a regular file (FIFO)"),
        ("loop", "symlink loop"),
        ("up", "symlink loop"),
    ]:
        assert re.search(rf"^SKIPPED \S*{re.escape(name)}: {re.escape(reason)}", report, re.M)
    assert f"FAILED {folder / 'empty.txt'}: file is empty" in err.getvalue()
    assert Disclosure.objects.count() == 11


def test_skipped_files_are_listed_only_with_verbosity_2(tmp_path):
    write(tmp_path, "urls.txt", "https://example.jp/a\n")
    out, _ = ingest(tmp_path)
    assert "0 new, 0 updated, 0 unchanged, 1 skipped, 0 failed" in out
    assert "SKIPPED" not in out


def test_no_menu_or_footer_word_is_stored_or_found_by_search(tmp_path):
    from breaches.models import Incident as Incidents
    from ingest.extract.tokens import search_terms
    from ingest.tests.published import CHROME_WORDS, FORMS, NOTICES

    for form in FORMS:
        if "HTML" in form:
            for text in NOTICES.values():
                name, raw = FORMS[form](text)
                (tmp_path / f"{len(list(tmp_path.iterdir()))}-{name}").write_bytes(raw)
    ingest(tmp_path)
    assert Disclosure.objects.count() >= 2
    for word in CHROME_WORDS:
        assert not Disclosure.objects.filter(text__contains=word).exists(), word
        assert not Incidents.objects.search(search_terms(word)).exists(), word
    assert Incidents.objects.search(search_terms("みなと珈琲")).exists()


def test_dry_run_counts_what_a_real_run_does(tmp_path):
    write(tmp_path, "a.txt", NOTICE)
    write(tmp_path, "b.txt", NOTICE, "cp932")  # the same text: unchanged in a real run
    write(tmp_path, "c.html", f"<html><body><p>{variant(NOTICE, 1)}</p></body></html>")
    write(tmp_path, "urls.txt", "https://example.jp/a\n")
    dry, _ = ingest(tmp_path, dry_run=True)
    assert Disclosure.objects.count() == 0
    real, _ = ingest(tmp_path)
    assert dry == "dry run: " + real
    assert "2 new, 0 updated, 1 unchanged, 1 skipped, 0 failed" in real


def test_force_imports_a_non_notice_and_a_mis_decoded_one_for_review(tmp_path):
    from breaches.models import Incident as Incidents

    write(tmp_path, "urls.txt", "https://example.jp/a\n")
    garbled = NOTICE.encode("utf-8").decode("latin-1")  # UTF-8 read as Latin-1: C1 controls
    write(tmp_path, "garbled.txt", garbled)
    with pytest.raises(CommandError, match="1 file"):
        ingest(tmp_path)
    assert Disclosure.objects.count() == 0
    out, _ = ingest(tmp_path, force=True)
    assert "2 new, 0 updated, 0 unchanged, 0 skipped, 0 failed" in out
    flagged = Disclosure.objects.get(source_path__endswith="garbled.txt")
    assert flagged.extraction["_flags"] == ["looks mis-decoded"]
    assert flagged.incident in Incidents.objects.needing_review()


def test_a_mis_decoded_file_is_refused_with_its_reason(tmp_path):
    write(tmp_path, "garbled.txt", NOTICE.encode("utf-8").decode("latin-1"))
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError):
        call_command("ingest", str(tmp_path), stdout=out, stderr=err)
    assert "garbled.txt: looks mis-decoded" in err.getvalue()


def test_an_email_date_and_sender_fill_only_what_the_text_leaves_open(tmp_path):
    from ingest.tests.published import MINATO, eml_base64

    undated = MINATO.split("\n", 1)[1]  # no dateline: the e-mail's Date gives published_on
    (tmp_path / "undated.eml").write_bytes(eml_base64(undated))
    (tmp_path / "dated.eml").write_bytes(eml_base64(variant(MINATO, 1)))
    ingest(tmp_path)
    undated = Disclosure.objects.get(source_path__endswith="undated.eml")
    assert undated.extraction["published_on"]["value"] == "2024-05-20"
    assert undated.extraction["published_on"]["source"] == "header"
    assert undated.extraction["organization"]["value"] == "株式会社みなと珈琲"
    assert "tanaka.hanako" not in undated.text
