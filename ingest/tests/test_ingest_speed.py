"""Ingest that tokenises once, writes an incident once per notice, skips unchanged files
cheaply and splits a backfill into shards. Counts of statements, never timings."""

import shutil
import threading
from concurrent.futures import ThreadPoolExecutor
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from breaches.bench.ingest import write_notices
from breaches.models import Disclosure, Incident
from conftest import ROOT, SEEDS
from ingest import importer
from ingest.extract import extract, extract_with_terms, prepare
from ingest.extract.tokens import MAX_BYTES, search_terms
from ingest.importer import import_paths, in_shard
from ingest.sources import iter_sources

NOTICES = ROOT / "ingest" / "tests" / "notices"
# A few written notices of each style, beside the seeds.
TEXTS = sorted(SEEDS.glob("*.txt")) + [
    sorted(b.glob("*.txt"))[0] for b in sorted(NOTICES.glob("b*"))
]
# What folds or splits differently: full-width letters and digits, half-width kana, a joined
# number, an unknown katakana word, a compound that mode A splits, a text past Sudachi's limit.
TRICKY = [
    "ＡＢＣ株式会社のｶｰﾄﾞ情報１２，３４５件が漏えい。Ver.3.2 12,345件",
    "トキワオンラインショップシステムで個人情報漏えい、セキュリティコード改ざん",
    "不正アクセスにより個人情報が漏えいした可能性があります。\n" * (MAX_BYTES // 80 + 50),
]


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_one_sudachi_pass_gives_the_extraction_and_the_search_terms(path: Path) -> None:
    text = path.read_text("utf-8")
    extraction, terms = extract_with_terms(text)
    assert list(terms) == search_terms(text)
    assert extraction == extract(text)


@pytest.mark.parametrize("text", TRICKY, ids=["folded", "compounds", "long"])
def test_the_shared_pass_folds_and_splits_as_search_terms_does(text: str) -> None:
    assert list(prepare(text, terms=True).terms) == search_terms(text)
    assert prepare(text, terms=True).morphemes == prepare(text).morphemes


def seed(name_start: str) -> Path:
    return next(SEEDS.glob(f"{name_start}*.txt"))


def statements(*paths) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        summary = import_paths(list(paths))
    assert summary.failed == 0, summary.failures
    return [q["sql"] for q in queries.captured_queries]


def writes(sql: list[str], table: str) -> tuple[int, int]:
    """(INSERTs, UPDATEs) of `table`."""
    inserts = sum(s.startswith(f'INSERT INTO "{table}"') for s in sql)
    return inserts, sum(s.startswith(f'UPDATE "{table}"') for s in sql)


@pytest.mark.django_db
def test_a_new_notice_writes_its_incident_once_after_creating_it() -> None:
    sql = statements(seed("003"))
    # Inserted once, resolved, with its grouping reason and search vector.
    assert writes(sql, "breaches_incident") == (1, 0)
    assert writes(sql, "breaches_disclosure") == (1, 0)
    # Measured: 28 statements when the incident was written four times, 23 when written once,
    # 13 now that a new incident looks up no corrections or reviews (counting the look-up of
    # stored files, the firm tables and the transaction's own statements).
    assert len(sql) <= 13, "\n".join(s[:120] for s in sql)
    assert not any("breaches_correction" in s or "breaches_fieldreview" in s for s in sql)


@pytest.mark.django_db
def test_a_notice_joining_an_incident_writes_it_once(tmp_path: Path) -> None:
    first = seed("003").read_text("utf-8")
    (tmp_path / "first.txt").write_text(first, "utf-8")
    (tmp_path / "second.txt").write_text(first + "\n（続報）\n", "utf-8")
    import_paths([tmp_path / "first.txt"])
    sql = statements(tmp_path / "second.txt")
    assert Incident.objects.count() == 1
    assert writes(sql, "breaches_incident") == (0, 1)
    assert writes(sql, "breaches_disclosure") == (1, 0)
    assert len(sql) <= 24, "\n".join(s[:120] for s in sql)  # 29 when written three times
    incident = Incident.objects.get()
    assert incident.grouping_reason.count("\n") == 1  # both notices say why they are here
    assert Incident.objects.search(search_terms("トキワオンラインショップ")).get() == incident


@pytest.mark.django_db
def test_a_no_op_reimport_reads_no_notice_and_takes_no_lock(tmp_path: Path) -> None:
    shutil.copytree(SEEDS, tmp_path / "seeds")
    import_paths([tmp_path / "seeds"])
    before = list(Disclosure.objects.values_list("pk", "updated_at", "extraction"))
    sql = statements(tmp_path / "seeds")
    # One query for all the stored files, none per file: no lock, no firm table, no notice.
    assert len(sql) == 1, "\n".join(s[:120] for s in sql)
    assert list(Disclosure.objects.values_list("pk", "updated_at", "extraction")) == before


@pytest.mark.django_db
def test_a_changed_file_is_still_seen_after_a_no_op_run(tmp_path: Path) -> None:
    path = tmp_path / "notice.txt"
    shutil.copy(seed("003"), path)
    import_paths([path])
    assert import_paths([path]).unchanged == 1
    path.write_text(path.read_text("utf-8").replace("2017", "2018", 1), "utf-8")
    assert import_paths([path]).updated == 1
    assert Disclosure.objects.get().revision == 2


@pytest.mark.django_db
def test_other_bytes_of_the_same_text_are_unchanged_and_remembered(tmp_path: Path) -> None:
    path = tmp_path / "notice.txt"
    shutil.copy(seed("003"), path)
    import_paths([path])
    updated = Disclosure.objects.get().updated_at
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))  # saved again on Windows
    assert import_paths([path]).unchanged == 1
    assert len(statements(path)) == 1  # the new bytes were remembered: no lock, no reading
    assert Disclosure.objects.get().updated_at == updated


@pytest.mark.django_db
def test_a_new_reader_or_extractor_reads_unchanged_files_again(tmp_path, monkeypatch) -> None:
    path = tmp_path / "notice.txt"
    shutil.copy(seed("003"), path)
    import_paths([path])
    monkeypatch.setattr(importer, "reader_version", lambda: "another reader")
    assert len(statements(path)) > 1  # read, decoded and compared again
    monkeypatch.setattr(importer, "extractor_version", lambda: "another extractor")
    assert import_paths([path]).updated == 1


@pytest.mark.django_db
def test_a_forced_notice_is_refused_again_without_force(tmp_path: Path) -> None:
    path = tmp_path / "menu.txt"
    path.write_text("お知らせ一覧\nトップページ\nお問い合わせ\n", "utf-8")
    assert import_paths([path], force=True).new == 1
    assert import_paths([path], force=True).unchanged == 1
    assert import_paths([path]).skipped == 1


def test_shards_cover_every_file_exactly_once() -> None:
    files = [source for source, *_ in iter_sources([NOTICES, SEEDS])]
    assert len(files) > 300
    parts = [[f for f in files if in_shard(f, (i, 3))] for i in range(3)]
    assert sorted(f for part in parts for f in part) == sorted(files)
    assert all(len(part) > len(files) / 5 for part in parts)  # a hash, not the first N
    # By path, not by position: the same file is in the same shard whatever else is listed.
    half = set(files[::2])
    assert [f for f in files[::2] if in_shard(f, (1, 3))] == [f for f in parts[1] if f in half]


@pytest.mark.django_db
def test_shard_commands_together_import_every_file_once(tmp_path: Path) -> None:
    shutil.copytree(SEEDS, tmp_path / "seeds")
    (tmp_path / "seeds" / "style.css").write_text("body {}", "utf-8")
    totals = []
    for i in range(3):
        out = StringIO()
        call_command("ingest", str(tmp_path / "seeds"), shard=f"{i}/3", stdout=out)
        assert out.getvalue().startswith(f"shard {i}/3: ")
        totals.append([int(n) for n in out.getvalue().split(": ")[1].split()[::2]])
    assert [sum(column) for column in zip(*totals, strict=True)] == [5, 0, 0, 2, 0]
    assert Disclosure.objects.count() == 5


@pytest.mark.parametrize("value", ["3/3", "x", "1/0", "-1/3", "1/", "1/3/2", " 1/3"])
def test_a_bad_shard_is_a_clear_error(value: str) -> None:
    with pytest.raises(CommandError, match=r"--shard must be i/N with 0 <= i < N"):
        call_command("ingest", shard=value, stdout=StringIO(), stderr=StringIO())


@pytest.mark.django_db(transaction=True)
def test_a_notice_commits_without_waiting_for_the_disk_and_only_its_own_transaction_does():
    sql = statements(seed("003"))
    assert "SET LOCAL synchronous_commit TO off" in sql
    assert Incident.objects.count() == 1
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        assert cursor.fetchone()[0] == "on"  # the connection's own setting is untouched


@pytest.mark.django_db
def test_an_import_inside_a_callers_transaction_leaves_durability_to_the_caller():
    sql = statements(seed("003"))
    assert not [s for s in sql if "synchronous_commit" in s]


def test_two_threads_tokenise_at_once() -> None:
    """The importer extracts the next notice in a thread while this one is written (and its
    incident's search vector tokenised): a Sudachi tokenizer refuses a second thread, so each
    thread has its own over the one dictionary."""
    text = "不正アクセスにより個人情報が漏えいした可能性があります。\n" * 600
    expected = search_terms(text)
    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(lambda _: search_terms(text), range(16)))
    assert all(result == expected for result in results)


def variants(folder: Path, count: int) -> list[Path]:
    """`count` notices of other breaches (the bench's: seeds with other names and sites)."""
    write_notices(folder, count)
    return sorted(folder.glob("*.txt"))


@pytest.mark.django_db
def test_the_next_file_is_extracted_while_one_is_written(tmp_path, monkeypatch) -> None:
    variants(tmp_path, 3)
    extracting = {f"notice-{n:05d}.txt": threading.Event() for n in range(3)}
    real_analyse, real_import = importer.analyse, importer.import_document

    def analyse(document, *args, **kwargs):
        extracting[document.path.name].set()
        return real_analyse(document, *args, **kwargs)

    def import_document(document, **kwargs):
        if document.path.name == "notice-00000.txt":
            # One file after another, n1 would wait for n0's turn to end: this would time out.
            assert extracting["notice-00001.txt"].wait(30), "not extracted while one is written"
        return real_import(document, **kwargs)

    monkeypatch.setattr(importer, "analyse", analyse)
    monkeypatch.setattr(importer, "import_document", import_document)
    summary = import_paths([tmp_path])
    assert summary.failed == 0, summary.failures
    assert summary.new == 3 and Incident.objects.count() == 3
    assert not [t for t in threading.enumerate() if t.name.startswith("ingest-reader")]


@pytest.mark.django_db
def test_an_extraction_read_ahead_fails_only_its_own_file_and_only_when_needed(
    tmp_path, monkeypatch
) -> None:
    first, second, third = variants(tmp_path, 3)
    shutil.copy(first, tmp_path / "z-copy.txt")  # the same text: never extracted
    real = importer.analyse

    def analyse(document, *args, **kwargs):
        if document.path.name in (second.name, "z-copy.txt"):
            raise RuntimeError("the extractor broke")
        return real(document, *args, **kwargs)

    monkeypatch.setattr(importer, "analyse", analyse)
    summary = import_paths([tmp_path])
    assert (summary.new, summary.unchanged, summary.failed) == (2, 1, 1)
    assert summary.failures == [(str(second), "internal error: RuntimeError: the extractor broke")]
    names = Disclosure.objects.values_list("source_path", flat=True)
    assert sorted(Path(p).name for p in names) == [first.name, third.name]
