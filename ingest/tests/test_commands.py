"""`extract` and `evaluate`: the extraction contract from the command line, without a database."""

import json
import os
import subprocess
import sys

from conftest import ROOT, SEEDS


def manage(*args, **env):
    environment = {**os.environ, **env}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment,
        capture_output=True, text=True,
    )  # fmt: skip


def test_extract_prints_one_schema_object_per_file_without_a_database():
    files = sorted(str(p) for p in SEEDS.glob("*.txt"))
    # A server that does not exist: the command must not try to connect.
    done = manage("extract", "--format", "jsonl", *files, DATABASE_URL="postgres://x@127.0.0.1:9/x")
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["id"] for r in rows] == [p.rsplit("/", 1)[-1][:-4] for p in files]
    assert set(rows[0]) >= {"organization", "discovered_on", "card_data", "exposure_periods"}


def test_extract_with_evidence_gives_spans_into_the_text():
    path = SEEDS / "003_cbfd4d8b99e724ae.txt"
    done = manage("extract", "--format", "evidence", str(path))
    row = json.loads(done.stdout)
    text = path.read_text(encoding="utf-8")
    start, end = row["organization"]["spans"][0]
    assert text[start:end] == row["organization"]["value"]
    assert 0 < row["organization"]["confidence"] <= 1


def test_extract_reads_shift_jis_files_too(tmp_path):
    path = tmp_path / "sjis.txt"
    text = (SEEDS / "003_cbfd4d8b99e724ae.txt").read_text(encoding="utf-8")
    path.write_bytes(text.encode("cp932", errors="replace"))
    done = manage("extract", str(path))
    assert json.loads(done.stdout)["organization"] == "常盤商事株式会社"


def test_extract_names_a_bad_file_and_still_extracts_the_others(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    good = SEEDS / "003_cbfd4d8b99e724ae.txt"
    done = manage("extract", str(bad), str(good))
    assert done.returncode == 0
    assert f"SKIPPED {bad}: file is empty" in done.stderr
    assert "Traceback" not in done.stderr
    assert [json.loads(line)["id"] for line in done.stdout.splitlines()] == [good.stem]
    strict = manage("extract", "--strict", str(bad), str(good))
    assert strict.returncode != 0
    assert "1 of 2 file(s) could not be extracted" in strict.stderr


def test_extract_fails_when_no_file_could_be_read(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01")
    done = manage("extract", str(bad))
    assert done.returncode != 0
    assert "binary file" in done.stderr
    assert done.stdout == ""


def test_evaluate_scores_the_seeds_like_the_shared_scorer():
    done = manage("evaluate", str(SEEDS))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("documents: 5")
    headline = float(lines[-1].rsplit(" ", 1)[1])
    assert headline >= 0.97
    assert any(line.startswith("card_data") and "P=" in line for line in lines)


def test_evaluate_counts_a_wrong_prediction_as_a_miss(tmp_path):
    source = SEEDS / "002_f4a36af47dc07563.txt"
    (tmp_path / source.name).write_text(source.read_text("utf-8"), encoding="utf-8")
    gold = json.loads(
        next(line for line in (SEEDS / "gold.jsonl").read_text("utf-8").splitlines()
             if source.stem in line)
    )  # fmt: skip
    gold["records_max"] = 1
    (tmp_path / "gold.jsonl").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    done = manage("evaluate", str(tmp_path))
    assert any(line.split()[:2] == ["records_max", "0.000"] for line in done.stdout.splitlines())


def test_evaluate_without_gold_is_a_clear_error(tmp_path):
    done = manage("evaluate", str(tmp_path))
    assert done.returncode != 0
    assert "gold.jsonl not found" in done.stderr
