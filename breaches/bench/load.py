"""A bounded loopback load test: gunicorn (config/gunicorn.py, config.wsgi) on a free port of
127.0.0.1 against the bench database, client threads for a fixed time (60% list with random
facets, 30% search, 10% incident pages), then req/s, p50, p95 and errors."""

import http.client
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings

from breaches.reliability import database_env

from .generate import COMMON_SEARCH, RARE_SEARCH
from .pages import percentile

SEARCHES = (COMMON_SEARCH, COMMON_SEARCH, "不正アクセス", "改ざん", "漏えい", "決済代行会社",
            "セキュリティコード", "個人情報", "流出", "ペイメントカードフォレンジックス",
            RARE_SEARCH)  # fmt: skip
FACET_VALUES = {
    "cause": ["unauthorized_access", "web_app_vulnerability", "payment_page_tampering",
              "sql_injection", "malware", "card_data_retention", "credential_compromise"],
    "card_data": ["card_number", "expiry", "security_code", "cardholder_name"],
    "personal_data": ["name", "email", "address", "phone", "password"],
    "discovered_by": ["payment_processor", "card_company", "self", "police", "customer"],
    "forensic_firm": ["payment-card-forensics", "lac", "unnamed"],
    "year": [str(y) for y in range(2012, 2026)],
    "ttd": ["le30", "31-90", "91-180", "181-365", "gt365"],
    "records": ["lt1k", "1k-10k", "10k-100k", "ge100k"],
}  # fmt: skip
TIMEOUT_SECONDS = 30


@dataclass
class LoadResult:
    clients: int
    workers: int
    seconds: float
    page_cache: bool = False
    latencies: dict[str, list[float]] = field(default_factory=dict)  # kind -> ms
    errors: list[str] = field(default_factory=list)

    @property
    def requests(self) -> int:
        return sum(len(v) for v in self.latencies.values()) + len(self.errors)

    @property
    def all_ms(self) -> list[float]:
        return [ms for values in self.latencies.values() for ms in values]

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def lines(self) -> list[str]:
        every = self.all_ms
        out = [
            f"gunicorn {self.workers} workers (statement timeout "
            f"{settings.DB_STATEMENT_TIMEOUT_MS} ms, page cache "
            f"{'on' if self.page_cache else 'off'}), {self.clients} client threads, "
            f"{self.seconds:.0f} s: {self.requests} requests = {self.per_second:.1f} req/s, "
            f"p50 {percentile(every, 50):.0f} ms, p95 {percentile(every, 95):.0f} ms, "
            f"max {max(every, default=0):.0f} ms, {len(self.errors)} errors"
        ]
        for kind, values in self.latencies.items():
            out.append(
                f"  {kind:7} {len(values):6d} requests, p50 {percentile(values, 50):6.0f} ms, "
                f"p95 {percentile(values, 95):6.0f} ms"
            )
        counts: dict[str, int] = {}
        for error in self.errors:
            counts[error] = counts.get(error, 0) + 1
        out += [f"  error: {n} x {error}" for error, n in sorted(counts.items())[:10]]
        return out


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def random_url(rng: random.Random, first_id: int, last_id: int) -> tuple[str, str]:
    """(kind, path) of one request of the mix."""
    draw = rng.random()
    if draw < 0.1:
        return "detail", f"/incidents/{rng.randint(first_id, last_id)}/"
    params = []
    if draw < 0.4:
        params.append(("q", rng.choice(SEARCHES)))
        facets = rng.choice((0, 0, 1))
    else:
        facets = rng.choice((0, 1, 1, 2, 3))
    for name in rng.sample(list(FACET_VALUES), facets):
        params.append((name, rng.choice(FACET_VALUES[name])))
    kind = "search" if draw < 0.4 else "list"
    return kind, "/?" + urlencode(params) if params else "/"


class Served:
    """A server process of the bench (`process`, its stderr in `log`): stopped, then killed if
    it does not stop."""

    process: subprocess.Popen
    log: tempfile.TemporaryFile

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()

    def stderr(self) -> str:
        self.log.seek(0)
        return self.log.read().decode(errors="replace")[-2000:]

    def __exit__(self, *exc):
        self.stop()


class Server(Served):
    """gunicorn as `make run` starts it, serving the bench database; stopped on exit."""

    def __init__(self, workers: int, *, page_cache: bool = False):
        self.workers = workers
        self.port = free_port()
        self.log = tempfile.TemporaryFile()
        # Without the page cache (the default here) every request renders its page: the work.
        cache_seconds = str(settings.PAGE_CACHE_SECONDS or 3600) if page_cache else "0"
        env = {**database_env(), "GUNICORN_BIND": f"127.0.0.1:{self.port}",
               "WEB_CONCURRENCY": str(workers), "ALLOWED_HOSTS": "127.0.0.1",
               "PAGE_CACHE_SECONDS": cache_seconds}  # fmt: skip
        command = [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.py", "config.wsgi"]
        self.process = subprocess.Popen(
            command, cwd=settings.BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=self.log
        )

    def __enter__(self):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {self.stderr()}")
            try:
                status, _ms = request(self.port, "/about/")
                if status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer within 60 s: {self.stderr()}")


def request(port: int, path: str) -> tuple[int, float]:
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT_SECONDS)
    try:
        conn.request("GET", path, headers={"Host": "127.0.0.1"})
        response = conn.getresponse()
        response.read()
        return response.status, (time.perf_counter() - started) * 1000
    finally:
        conn.close()


def run(first_id: int, last_id: int, *, clients: int = 20, seconds: float = 30,
        workers: int = 3, page_cache: bool = False) -> LoadResult:  # fmt: skip
    result = LoadResult(clients, workers, seconds, page_cache=page_cache)
    lock = threading.Lock()
    with Server(workers, page_cache=page_cache) as server:
        # Each worker process answers its first requests cold (templates, vocabulary): warm up.
        for path in ("/", "/?" + urlencode({"q": COMMON_SEARCH}), "/api/incidents/") * workers:
            request(server.port, path)
        stop = time.monotonic() + seconds

        def client(n: int) -> None:
            rng = random.Random(n)
            while time.monotonic() < stop:
                kind, path = random_url(rng, first_id, last_id)
                try:
                    status, ms = request(server.port, path)
                except OSError as exc:
                    with lock:
                        result.errors.append(f"{kind}: {type(exc).__name__}")
                    continue
                with lock:
                    if status == 200:
                        result.latencies.setdefault(kind, []).append(ms)
                    else:
                        result.errors.append(f"{kind}: HTTP {status}")

        threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        result.seconds = time.monotonic() - started
    return result
