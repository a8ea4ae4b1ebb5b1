"""End to end on the seed notices, the scoring module, the command line, and no Django."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ingest.extract.cli import extract_files
from ingest.extract.scoring import score

ROOT = Path(__file__).resolve().parents[2]
SEEDS = next(
    (
        p
        for p in (ROOT / "seeds", ROOT.parent / "shared" / "eval" / "seeds")
        if (p / "gold.jsonl").exists()
    ),
    None,
)
needs_seeds = pytest.mark.skipif(SEEDS is None, reason="seed notices with gold.jsonl not found")


def _gold() -> list[dict]:
    assert SEEDS is not None
    return [json.loads(line) for line in (SEEDS / "gold.jsonl").read_text().splitlines() if line]


@needs_seeds
def test_it_matches_the_seed_gold() -> None:
    report = score(_gold(), extract_files(sorted(SEEDS.glob("*.txt"))))
    assert report.documents == 5 and not report.missing
    assert report.headline >= 0.97, report.format(verbose=True)


def test_scoring_follows_the_contract() -> None:
    gold = [
        {
            "id": "a",
            "organization": "株式会社 テスト",
            "sites": ["X", "Y"],
            "records_max": 5,
            "published_on": "2020-01-02",
            "alt": {"published_on": ["2020-01-03"]},
        },
        {"id": "b", "organization": None, "sites": [], "records_max": None},
    ]
    pred = [
        {
            "id": "a",
            "organization": "株式会社　テスト",
            "sites": ["y", "x", "Z"],
            "records_max": 5,
            "published_on": "2020-01-03",
        },
        {"id": "b", "organization": "X社", "sites": [], "records_max": None},
    ]
    report = score(gold, pred)
    assert report.accuracy("organization") == 0.5  # full-width space folds; null must stay null
    assert report.accuracy("published_on") == 1.0  # alt value
    assert report.accuracy("sites") == 0.5
    assert (report.precision("sites"), report.recall("sites")) == (2 / 3, 1.0)
    assert report.accuracy("records_max") == 1.0
    assert report.format().splitlines()[-1].startswith("headline mean field accuracy: 0.")


@needs_seeds
def test_scoring_agrees_with_the_shared_script(tmp_path: Path) -> None:
    script = ROOT.parent / "shared" / "eval" / "score.py"
    if not script.exists():
        pytest.skip("shared score.py not present")
    rows = list(extract_files(sorted(SEEDS.glob("*.txt"))))
    rows[0] = {**rows[0], "records_max": 1, "sites": ["nope"]}  # make it miss something
    pred = tmp_path / "pred.jsonl"
    pred.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    out = subprocess.run(
        [sys.executable, str(script), str(SEEDS / "gold.jsonl"), str(pred)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert score(_gold(), rows).format().strip() == out.strip()


def test_the_command_line_prints_jsonl(tmp_path: Path) -> None:
    notice = tmp_path / "n1.txt"
    notice.write_text("2019年4月12日\n株式会社テスト\n流出件数\n1,234件\n", encoding="utf-8")
    out = subprocess.run(
        [sys.executable, "-m", "ingest.extract.cli", str(notice)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    row = json.loads(out)
    assert row["id"] == "n1"
    assert (row["published_on"], row["organization"], row["records_max"]) == (
        "2019-04-12",
        "株式会社テスト",
        1234,
    )


def test_importing_the_engine_does_not_import_django() -> None:
    code = (
        "import sys, ingest.extract; ingest.extract.extract('テスト'); "
        "print('django' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "False"
