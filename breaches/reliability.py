"""The reliability battery behind `make check-reliability` (and its focused tests): bounded
filter fuzzing, pathological searches, hostile files through `ingest --dry-run`, and two
concurrent imports. Each check returns a `Check` row; nothing here asserts timings."""

import os
import random
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.db import connection
from django.test import Client

PAGES = ("/", "/api/incidents/", "/feed/", "/incidents.csv", "/insights/", "/insights/causes.json")
PARAMETERS = ("q", "cause", "forensic_firm", "card_data", "personal_data", "discovered_by",
              "year", "ttd", "records", "sort", "page", "format", "zzz")  # fmt: skip
HOSTILE_VALUES = (
    "", " ", "\u3000", "'", '"', "' OR 1=1 --", "1; DROP TABLE breaches_incident", "\\", "%",
    "%00", "\x00", "\x1b[31m", "\u202e", "\ufffd", "\ud7ff", "<script>alert(1)</script>",
    "../../etc/passwd", "${jndi:ldap://x/a}", "%s%s%s%n", "{{ 7*7 }}", "-1", "0", "1e309",
    "99999999999999999999999", "NaN", "２０２０", "2020\n", "2020 ", "二〇二〇", "a" * 201,
    "あ" * 5000, "𠮷" * 300, "😀" * 50, "漏洩 & カード | !不正", "(((", ")))", "!!!", "&&&",
    "*:*", "'':*", "カード:*", "a & b", "malware", "malware,phishing", "MALWARE", "unnamed",
    "le30", "gt365", "-records", "records", "-ttd", "ttd", "1k-10k", "10k+", "true", "[]", "{}",
)  # fmt: skip
PATHOLOGICAL_SEARCHES = (
    "カード", "情報", "不正 アクセス", "漏洩", "漏えい", "の", "、。「」", "!&|():*", "ｶｰﾄﾞ",
    "クレジット カード 情報 流出 不正 アクセス 決済 代行 会社 調査 機関", "𠮷野家", "ペンギン",
    "'" * 200, "あ" * 200, "ア" * 200, "a" * 200, "1" * 200, " ".join(["カード"] * 60),
)  # fmt: skip
SLOW_SECONDS = 2.0
MAX_QUERY_BYTES = 4000
LONG_NOTICE_CHARS = 2_000_000


@dataclass
class Check:
    name: str
    cases: int = 0
    failures: list[str] = field(default_factory=list)
    worst_ms: float = 0.0
    slow: int = 0  # answers over SLOW_SECONDS
    slowest: list[tuple[float, str]] = field(default_factory=list)  # the 3 slowest (ms, url)

    @property
    def ok(self) -> bool:
        return not self.failures and not self.slow

    def row(self) -> str:
        verdict = "ok" if self.ok else f"FAIL ({len(self.failures)} errors, {self.slow} slow)"
        return f"{self.name:28} {self.cases:6d} {self.worst_ms:10.0f} {verdict}"


def table(checks: list[Check]) -> str:
    lines = [f"{'check':28} {'cases':>6} {'worst ms':>10} verdict"]
    lines += [c.row() for c in checks]
    for check in checks:
        lines += [f"  {check.name}: {failure}" for failure in check.failures[:10]]
        lines += [f"  {check.name}: {ms:.0f} ms {url[:90]!r}" for ms, url in check.slowest]
    return "\n".join(lines)


def fuzz_queries(count: int, seed: int = 14) -> list[str]:
    """`count` hostile query strings: 1-4 parameters, hostile or random values, some repeated,
    some raw percent-escapes that do not decode."""
    rng = random.Random(seed)
    raw = ["%ff%fe", "q=%E3%81", "cause=%", "&&&", "=", "q", "page=%00", "q=%C0%AF"]
    queries = []
    for n in range(count):
        if n % 25 == 0:
            queries.append(rng.choice(raw))
            continue
        pairs = []
        for _ in range(rng.randint(1, 4)):
            name = rng.choice(PARAMETERS)
            value = rng.choice(HOSTILE_VALUES)
            if rng.random() < 0.2:
                value = "".join(chr(rng.randint(1, 0x2FFFF)) for _ in range(rng.randint(1, 30)))
            pairs += [(name, value)] * rng.choice((1, 1, 1, 2, 30))
        # gunicorn refuses request lines over 4,094 bytes: longer ones never reach Django.
        queries.append(urlencode(pairs, errors="surrogatepass")[:MAX_QUERY_BYTES])
    return queries


def timed_get(client: Client, url: str):
    """The response and its time in ms. A streamed export (CSV of the whole catalogue) is timed
    to its first chunk: the rest grows with the catalogue, not with the query; it is still read
    to the end, so that an error while streaming shows."""
    started = time.perf_counter()
    response = client.get(url)
    if not getattr(response, "streaming", False):
        return response, (time.perf_counter() - started) * 1000
    chunks = iter(response.streaming_content)
    next(chunks, b"")
    ms = (time.perf_counter() - started) * 1000
    for _ in chunks:
        pass
    return response, ms


def request_check(name: str, urls: list[str]) -> Check:
    check = Check(name)
    client = Client(HTTP_HOST="127.0.0.1")
    for url in urls:
        try:
            response, ms = timed_get(client, url)
        except Exception as exc:  # noqa: BLE001 - a crash is what the battery looks for
            check.failures.append(f"{url[:80]!r}: {type(exc).__name__}: {exc}"[:200])
            continue
        check.cases += 1
        check.worst_ms = max(check.worst_ms, ms)
        check.slowest = sorted([*check.slowest, (ms, url)], reverse=True)[:3]
        if response.status_code >= 500:
            check.failures.append(f"{url[:80]!r}: HTTP {response.status_code}")
        if ms > SLOW_SECONDS * 1000:
            check.slow += 1
    return check


def filter_fuzz(count: int = 1000) -> Check:
    """Hostile query strings over every filtered page: no 5xx, none over SLOW_SECONDS."""
    queries = fuzz_queries(count)
    urls = [f"{PAGES[n % len(PAGES)]}?{query}" for n, query in enumerate(queries)]
    return request_check("filter fuzz", urls)


def add_long_notice() -> None:
    """A notice of LONG_NOTICE_CHARS characters that a search for ペンギン matches only
    through its organisation."""
    from breaches.models import Disclosure, Incident

    line = "当社が運営するウェブサイトにおいて、第三者による不正アクセスを受けました。\n"
    incident = Incident.objects.create(organization="株式会社ペンギン堂")
    Disclosure.objects.create(incident=incident, source_key="/reliability/long.txt",
                              text=line * (LONG_NOTICE_CHARS // len(line)),
                              content_hash="reliability-long")  # fmt: skip
    incident.resolve()


def pathological_searches() -> Check:
    """Odd, common, long and operator-laden searches on the list and the API."""
    urls = [f"{page}?{urlencode({'q': q})}" for q in PATHOLOGICAL_SEARCHES for page in PAGES[:2]]
    return request_check("pathological searches", urls)


def write_hostile_files(folder: Path) -> int:
    """Odd files an import may meet; returns how many entries were made."""
    seed = next(iter(sorted(Path(settings.BASE_DIR, "seeds").glob("*.txt"))))
    text = seed.read_text(encoding="utf-8")
    files = {
        "empty.txt": b"",
        "binary.txt": bytes(random.Random(1).randrange(256) for _ in range(4096)),
        "nul.txt": text.encode().replace("。".encode(), b"\x00"),
        "one-huge-line.txt": ("カード情報" * 200_000).encode(),
        "bad-utf8.txt": text.encode()[:-1] + b"\xff\xfe\xc3",
        "utf16-no-bom.txt": text.encode("utf-16-le"),
        "mojibake.txt": text.encode("utf-8").decode("latin-1").encode("utf-8"),
        "replacement.txt": ("\ufffd" * 900 + text).encode(),
        "deep.html": b"<div>" * 20_000 + text.encode() + b"</div>" * 20_000,
        "script.html": b"<script>alert(1)</script><p>" + text.encode() + b"</p>",
        "sidecar.txt": text.encode(),
        "sidecar.json": b'{"published_on": "2020-13-45", "organization": 7}',
        "broken-sidecar.txt": text.encode(),
        "broken-sidecar.json": b"{not json",
        "long-org.txt": text.encode(),
        "long-org.json": ('{"organization": "' + "長" * 400 + '"}').encode(),
        "name with\nnewline.txt": text.encode(),
        "日本語の名前.txt": text.encode("cp932", errors="replace"),
        "big.txt": b"a" * (6 * 2**20),
        "controls.txt": ("\x85\x96\x9a" * 1000 + text).encode(),
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    (folder / "folder.txt").mkdir()
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    (folder / "dangling.txt").symlink_to(folder / "nowhere.txt")
    os.mkfifo(folder / "fifo.txt")
    return len(files) + 4


def database_env() -> dict[str, str]:
    """An environment whose manage.py commands use this process's database (the throwaway or
    test database), for checks that run the real command in a subprocess."""
    db = connection.settings_dict
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    if db["ENGINE"] == "config.embedded_pg":
        env.pop("DATABASE_URL", None)
        env.update(EMBEDDED_PGDATA=db["PGDATA"], EMBEDDED_PG_DBNAME=db["NAME"])
    else:
        auth = f"{db['USER']}:{db['PASSWORD']}@" if db["USER"] else ""
        env["DATABASE_URL"] = f"postgres://{auth}{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
    return env


def manage(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", *args], cwd=settings.BASE_DIR, env=database_env(),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def hostile_files() -> Check:
    """`ingest --dry-run` over a folder of odd files: it reports each, never a traceback,
    never hangs."""
    check = Check("hostile files (dry run)")
    with tempfile.TemporaryDirectory() as folder:
        check.cases = write_hostile_files(Path(folder))
        started = time.perf_counter()
        process = manage("ingest", "--dry-run", folder)
        try:
            out, err = process.communicate(timeout=300)
        except subprocess.TimeoutExpired:
            process.kill()
            out, err = process.communicate()
            check.failures.append("ingest --dry-run did not finish in 300 s")
        check.worst_ms = (time.perf_counter() - started) * 1000
    if "Traceback" in out + err:
        check.failures.append("a traceback: " + (out + err).split("Traceback", 1)[1][-300:])
    if not re.search(r"\d+ new, \d+ updated, \d+ unchanged", out):
        check.failures.append(f"no closing summary: {(out + err).strip()[-300:]}")
    if process.returncode not in (0, 1):
        check.failures.append(f"exit {process.returncode}: {err.strip()[-300:]}")
    return check


def write_notices(folder: Path, count: int) -> None:
    seeds = sorted(Path(settings.BASE_DIR, "seeds").glob("*.txt"))
    for n in range(count):
        text = seeds[n % len(seeds)].read_text("utf-8") + f"\n(reliability copy {n})\n"
        Path(folder, f"notice-{n:03d}.txt").write_text(text, encoding="utf-8")


def concurrent_ingest(count: int = 20) -> Check:
    """Two imports of the same folder at once: both succeed, each notice is stored once, and
    a third run finds nothing to do."""
    from breaches.models import Disclosure
    from ingest.extract.version import extractor_version

    check = Check("2-client concurrent ingest", cases=count)
    before = Disclosure.objects.count()
    version = extractor_version.__wrapped__()
    with tempfile.TemporaryDirectory() as folder:
        write_notices(Path(folder), count)
        started = time.perf_counter()
        clients = [manage("ingest", folder) for _ in range(2)]
        results = [(p, *p.communicate(timeout=600)) for p in clients]
        check.worst_ms = (time.perf_counter() - started) * 1000
        for process, out, err in results:
            if process.returncode != 0 or "Traceback" in out + err:
                check.failures.append(f"exit {process.returncode}: {(out + err).strip()[-300:]}")
        stored = Disclosure.objects.filter(source_key__contains=folder).count()
        if stored != count or Disclosure.objects.count() - before != count:
            check.failures.append(f"{stored} notices stored for {count} files")
        again = manage("ingest", folder)
        out, err = again.communicate(timeout=600)
        # An extractor edited meanwhile (a working tree being changed) rightly re-extracts.
        if f"{count} unchanged" not in out + err and extractor_unchanged(version):
            check.failures.append(f"a third run was not all unchanged: {out.strip()[-200:]}")
    return check


def extractor_unchanged(version: str) -> bool:
    from ingest.extract.version import extractor_version

    return extractor_version.__wrapped__() == version
