"""A generated catalogue as large as a real one, filled inside PostgreSQL.

Notices are made in Python once, as a pool: each starts with a real notice (the seeds and the
notices written for ingest's tests) and goes on with runs of lines from others, to about 4,400
characters; its search terms are the app's own (Sudachi `search_terms`, about 370 distinct
lexemes, the common ones in nearly every notice) and its extraction is that of the notice it
starts with. The pool is cached under var/bench. Incidents and their notices are then made by
`INSERT … SELECT generate_series`, each drawing a pool notice, facet values with a skew
(most card breaches name the card number, few a password), dates spread over 15 years and a
lexeme of its own; one incident in RARE_EVERY also names RARE_SEARCH, which no pool notice does.
"""

import hashlib
import json
import random
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connection, connections, transaction
from django.db.models import GeneratedField

from breaches.models import Correction, Disclosure, ForensicFirm, Incident
from ingest.extract import extract, tokens, vocab
from ingest.extract.tokens import search_terms
from ingest.extract.version import extractor_version

POOL_FORMAT = 2  # bump when the pool's making changes
POOL_SIZE = 1000
TARGET_CHARS = 4300
COMMON_SEARCH = "クレジットカード"  # in nearly every notice
RARE_SEARCH = "ゼロデイ"  # in no pool notice: only in the incidents that get RARE_SENTENCE
RARE_SENTENCE = "\n調査の結果、ゼロデイ脆弱性を突いた攻撃であったことが判明いたしました。\n"
RARE_EVERY = 5000  # 0.02% of the incidents
FOLLOWUP_SHARE = 0.10  # incidents with a second notice (第2報 or 最終報告)
# One incident in CORRECTED_EVERY carries an editor's correction of its own, another one of its
# first notice: every page, resolution and admin page that reads an incident's corrections
# does so among as many as a worked catalogue holds (10% of incidents, 100k at 1M).
CORRECTED_EVERY = 20
# Share of incidents naming each value (several per incident); codes not listed get 0.03.
CAUSES = {"unauthorized_access": 0.7, "web_app_vulnerability": 0.5,
          "payment_page_tampering": 0.35, "card_data_retention": 0.1, "sql_injection": 0.08,
          "vulnerable_software": 0.1, "credential_compromise": 0.08, "malware": 0.05,
          "file_upload": 0.05, "third_party": 0.05, "unknown": 0.04}  # fmt: skip
CARD_DATA = {"card_number": 0.97, "expiry": 0.9, "security_code": 0.75, "cardholder_name": 0.4}
PERSONAL_DATA = {"name": 0.6, "email": 0.5, "address": 0.4, "phone": 0.4, "login_id": 0.15,
                 "password": 0.12, "birthdate": 0.1, "company": 0.05, "other": 0.05}  # fmt: skip
REPORTED_TO = {"card_companies": 0.6, "ppc": 0.5, "police": 0.3, "meti": 0.1}
# One value each: cumulative shares.
DISCOVERERS = {"payment_processor": 0.35, "card_company": 0.35, "self": 0.15, "police": 0.05,
               "customer": 0.05, "other": 0.03, "": 0.02}  # fmt: skip


TABLES = ("breaches_incident", "breaches_disclosure", "breaches_correction")


@dataclass(frozen=True)
class Filled:
    first_id: int
    last_id: int
    seconds: float
    phases: dict[str, float]  # where the time went


# The pool ------------------------------------------------------------------------------------


def corpus_paths() -> list[Path]:
    base = Path(settings.BASE_DIR)
    paths = sorted((base / "seeds").glob("*.txt"))
    return paths + sorted((base / "ingest" / "tests" / "notices").rglob("*.txt"))


def pool_path(size: int, paths: list[Path]) -> Path:
    """The cache file: made again when the notices or the search terms' tokeniser change (not
    for every change to the extractor, whose stored output no page's cost depends on)."""
    digest = hashlib.sha256(f"{POOL_FORMAT} {size}".encode())
    digest.update(Path(tokens.__file__).read_bytes())
    for path in paths:
        digest.update(f"{path.name} {path.stat().st_size}".encode())
    return Path(settings.BASE_DIR, "var", "bench", f"pool-{size}-{digest.hexdigest()[:12]}.json")


def load_pool(size: int = POOL_SIZE) -> list[dict]:
    """`size` notices {text, terms, extraction}; made once (about a minute for 1,000)."""
    paths = corpus_paths()
    cached = pool_path(size, paths)
    if cached.exists():
        return json.loads(cached.read_text(encoding="utf-8"))
    pool = build_pool([p.read_text(encoding="utf-8") for p in paths], size)
    cached.parent.mkdir(parents=True, exist_ok=True)
    for old in cached.parent.glob(f"pool-{size}-*.json"):
        old.unlink()
    cached.write_text(json.dumps(pool, ensure_ascii=False), encoding="utf-8")
    return pool


def build_pool(texts: list[str], size: int, seed: int = 15) -> list[dict]:
    rng = random.Random(seed)
    extractions: dict[int, dict] = {}
    pool = []
    for i in range(size):
        base = i % len(texts)
        # Runs of lines from other notices, as one notice's sections read, and some of its
        # own again (notices restate): the vocabulary stays that of one breach notice, about
        # 370 lexemes in 4,400 characters, not that of a bag of sentences.
        parts, length = [texts[base].rstrip("\n") + "\n"], len(texts[base])
        goal = min(7000, max(2500, int(rng.gauss(TARGET_CHARS, 800))))
        while length < goal:
            source = base if rng.random() < 0.3 else rng.randrange(len(texts))
            lines = texts[source].splitlines(keepends=True)
            start = rng.randrange(len(lines))
            block = "".join(lines[start : start + rng.randint(8, 24)])
            parts.append(block if block.endswith("\n") else block + "\n")
            length += len(block)
        text = "".join(parts)
        if base not in extractions:
            data = extract(texts[base]).to_json()
            data["_version"] = extractor_version()
            extractions[base] = data
        terms = sorted(set(search_terms(text)))
        pool.append({"text": text, "terms": terms, "extraction": extractions[base]})
    return pool


def rare_terms() -> list[str]:
    from breaches.filters import query_terms

    return query_terms(RARE_SEARCH)


# Filling -------------------------------------------------------------------------------------


def fill(
    count: int, *, pool_size: int = POOL_SIZE, bulk: bool | None = None, workers: int = 0
) -> Filled:
    """`count` more incidents (ids after the largest there is), each with one notice and
    FOLLOWUP_SHARE with a second. `bulk` (default: from 50,000 rows) drops the two tables'
    secondary indexes and builds them again afterwards, which is several times faster;
    `workers` connections insert ranges of ids side by side (default: 2 in bulk)."""
    started = time.perf_counter()
    phases: dict[str, float] = {}
    pool = load_pool(pool_size)
    phases["pool"] = time.perf_counter() - started
    bulk = count >= 50_000 if bulk is None else bulk
    workers = workers or (2 if bulk else 1)
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(id), 0) + 1 FROM breaches_incident")
        first = cursor.fetchone()[0]
        indexes = drop_secondary_indexes(cursor) if bulk else []
        # Row triggers (kept counts) would cost milliseconds a row: off for the fill, then
        # whatever they keep is rebuilt once by the app's breaches_rebuild_* functions.
        for table in TABLES:
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
    last = first + count - 1
    try:
        with timed(phases, "insert"):
            fill_ranges(pool, first, last, workers, rare_terms())
    finally:
        with connection.cursor() as cursor:
            for table in TABLES:
                cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
            cursor.execute("SET maintenance_work_mem = '1GB'")
            with timed(phases, "indexes"):
                for _name, definition in indexes:
                    cursor.execute(definition)
    with connection.cursor() as cursor:
        with timed(phases, "kept counts"):
            rebuild_kept_tables(cursor)
        for model in (Incident, Disclosure):
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT max(id) FROM {table}))"
            )
        # What autovacuum would have done by the time anyone reads (visibility map, stats);
        # the TOAST tables' visibility maps serve no index-only scan.
        with timed(phases, "vacuum"):
            tables = ", ".join(TABLES)
            if connection.in_atomic_block:
                cursor.execute(f"ANALYZE {tables}")
            else:
                cursor.execute(f"VACUUM (ANALYZE, PROCESS_TOAST FALSE) {tables}")
        if not connection.in_atomic_block:
            # The fill's gigabytes written out now, not during the timings that follow it
            # (the import's, first). A server that refuses CHECKPOINT to this role writes them
            # out on its own schedule.
            with timed(phases, "checkpoint"):
                try:
                    with transaction.atomic():
                        cursor.execute("CHECKPOINT")
                except DatabaseError:
                    pass
    return Filled(first, last, time.perf_counter() - started, phases)


@contextmanager
def timed(phases: dict[str, float], name: str):
    started = time.perf_counter()
    try:
        yield
    finally:
        phases[name] = phases.get(name, 0.0) + time.perf_counter() - started


def fill_ranges(pool: list[dict], first: int, last: int, workers: int, rare: list[str]) -> None:
    """Incidents first..last and their notices, in `workers` connections at once (`rare`: the
    terms of RARE_SEARCH, tokenised here: a Sudachi tokenizer serves one thread)."""
    if workers <= 1:
        fill_range(pool, first, last, rare)
        return
    step = (last - first + workers) // workers
    ranges = [(low, min(low + step - 1, last)) for low in range(first, last + 1, step)]

    def run(low: int, high: int) -> None:
        try:
            fill_range(pool, low, high, rare)
        finally:
            connections["default"].close()  # this thread's own connection

    with ThreadPoolExecutor(len(ranges)) as executor:
        for future in [executor.submit(run, low, high) for low, high in ranges]:
            future.result()


def fill_range(pool: list[dict], first: int, last: int, rare: list[str]) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(%s)", [(first % 997) / 997])
        load_pool_table(cursor, pool)
        try:
            insert_incidents(cursor, first, last, len(pool), rare)
            insert_disclosures(cursor, first, last, len(pool), rare)
            insert_corrections(cursor, first, last)
        finally:
            cursor.execute("DROP TABLE bench_pool")


def load_pool_table(cursor, pool: list[dict]) -> None:
    cursor.execute(
        "CREATE TEMP TABLE bench_pool (id int PRIMARY KEY, text text, terms text, "
        "lexemes text[], extraction jsonb, vector tsvector)"
    )
    with cursor.cursor.copy(
        "COPY bench_pool (id, text, terms, lexemes, extraction) FROM STDIN"
    ) as copy:
        for n, doc in enumerate(pool):
            terms = doc["terms"]
            extraction = json.dumps(doc["extraction"], ensure_ascii=False)
            copy.write_row((n, doc["text"], " ".join(terms), terms, extraction))
    cursor.execute("UPDATE bench_pool SET vector = array_to_tsvector(lexemes)")


def rebuild_kept_tables(cursor) -> list[str]:
    """Call every `breaches_rebuild_*()` SQL function (no arguments): the app's way of
    recomputing what its triggers keep (FacetCount) after bulk SQL."""
    cursor.execute(
        "SELECT proname FROM pg_proc WHERE proname LIKE 'breaches\\_rebuild\\_%%' "
        "AND pronargs = 0 AND pronamespace = current_schema()::regnamespace ORDER BY proname"
    )
    names = [name for (name,) in cursor.fetchall()]
    for name in names:
        cursor.execute(f"SELECT {name}()")
    return names


def drop_secondary_indexes(cursor) -> list[tuple[str, str]]:
    """The non-constraint indexes of the two tables, dropped; (name, CREATE statement)."""
    cursor.execute(
        "SELECT indexname, indexdef FROM pg_indexes i WHERE schemaname = current_schema() "
        "AND tablename = ANY(%s) AND NOT EXISTS "
        "(SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
        [list(TABLES)],
    )
    indexes = cursor.fetchall()
    for name, _definition in indexes:
        cursor.execute(f'DROP INDEX "{name}"')
    return indexes


def shares_sql(table: dict[str, float], codes: list[str]) -> tuple[str, list]:
    """An array of the codes, each kept with its share (correlated on `n`: drawn per row)."""
    weights = [table.get(code, 0.03) for code in codes]
    sql = (
        "ARRAY(SELECT c FROM unnest(%s::text[], %s::float8[]) AS t(c, w) "
        "WHERE random() < w AND n > 0)"
    )
    return sql, [list(codes), weights]


def pick_sql(table: dict[str, float], draw: str) -> tuple[str, list]:
    """One value by cumulative share of `draw` (a uniform column)."""
    cases, params, total = [], [], 0.0
    for value, share in table.items():
        total += share
        cases.append(f"WHEN {draw} < {total:.4f} THEN %s")
        params.append(value)
    return f"(CASE {' '.join(cases)} ELSE %s END)", [*params, list(table)[-1]]


def defaults(model, given: set[str]) -> tuple[list[str], list]:
    """Columns the generator does not set, with the model's defaults: a field added to the
    model (and migrated) after this was written still gets a valid value."""
    columns, values = [], []
    for field in model._meta.concrete_fields:
        if field.column in given or field.primary_key or isinstance(field, GeneratedField):
            continue
        columns.append(field.column)
        values.append(field.get_db_prep_save(field.get_default(), connection))
    return columns, values


def model_columns(model) -> set[str]:
    return {f.column for f in model._meta.concrete_fields}


def insert(cursor, model, expressions: dict[str, tuple[str, list]], source: str, params) -> None:
    known = model_columns(model)
    expressions = {c: e for c, e in expressions.items() if c in known}
    extra_columns, extra_values = defaults(model, set(expressions))
    columns = [*expressions, *extra_columns]
    select = [sql for sql, _ in expressions.values()] + ["%s"] * len(extra_values)
    values = [p for _, ps in expressions.values() for p in ps] + extra_values
    cursor.execute(
        f"INSERT INTO {model._meta.db_table} ({', '.join(columns)}) "
        f"SELECT {', '.join(select)} {source}",
        values + list(params),
    )


def insert_corrections(cursor, first: int, last: int) -> None:
    """An editor's correction of records_max on every CORRECTED_EVERY-th incident, and of
    discovered_on on the first notice of the one half-way between; each keeps the value it
    corrects (basis and new value), so that no page's figures change."""
    every, half = CORRECTED_EVERY, CORRECTED_EVERY // 2
    common = {"reason": ("'bench'", []), "created_at": ("i.updated_at", [])}
    own = "to_jsonb(i.records_max)"
    insert(cursor, Correction, {
        "incident_id": ("i.id", []), "field": ("'records_max'", []),
        "old_value": (own, []), "new_value": (own, []),
        "basis": (f"jsonb_build_object('value', {own})", []), **common,
    }, f"FROM breaches_incident i WHERE i.id BETWEEN %s AND %s AND mod(i.id, {every}) = 0",
       [first, last])  # fmt: skip
    noticed = "to_jsonb(i.discovered_on::text)"
    insert(cursor, Correction, {
        "disclosure_id": ("d.id", []), "field": ("'discovered_on'", []),
        "old_value": (noticed, []), "new_value": (noticed, []),
        "basis": (f"jsonb_build_object('value', {noticed})", []), **common,
    }, "FROM breaches_incident i JOIN breaches_disclosure d ON d.incident_id = i.id "
       f"WHERE i.id BETWEEN %s AND %s AND mod(i.id, {every}) = {half} "
       "AND d.source_key LIKE '%%/1.html'", [first, last])  # fmt: skip


def insert_incidents(cursor, first: int, last: int, pool_size: int, rare: list[str]) -> None:
    firms = list(ForensicFirm.objects.order_by("-name").values_list("pk", flat=True))
    payment_card = ForensicFirm.objects.filter(slug="payment-card-forensics").first()
    if payment_card:  # the firm most card breaches in Japan name, first and most often
        firms = [payment_card.pk] + [f for f in firms if f != payment_card.pk]
    causes, cause_params = shares_sql(CAUSES, vocab.codes("causes"))
    card, card_params = shares_sql(CARD_DATA, vocab.codes("card_data"))
    personal, personal_params = shares_sql(PERSONAL_DATA, vocab.codes("personal_data"))
    reported, reported_params = shares_sql(REPORTED_TO, vocab.codes("authorities"))
    discoverer, discoverer_params = pick_sql(DISCOVERERS, "r_who")
    # Per row: uniform draws, the discovery date (later years more often), the days to
    # disclosure (log-uniform 5-900, median about 70) or none, and the pool notices.
    rows = f"""
        FROM (
            SELECT n, random() AS r_day, random() AS r_ttd, random() AS r_who,
                   random() AS r_firm, random() AS r_inv, random() AS r_rec, random() AS r_misc,
                   random() < {FOLLOWUP_SHARE} AS followup,
                   {causes} AS causes0, {card} AS card_data, {personal} AS personal_data,
                   {reported} AS reported_to
            FROM generate_series(%s::bigint, %s::bigint) AS n  -- n * 7919 passes 2^31
            OFFSET 0  -- a fence: each row's draws are made once, not again where they are used
        ) g
        CROSS JOIN LATERAL (
            SELECT date '2010-01-01' + floor(5450 * sqrt(r_day))::int AS discovered,
                   CASE WHEN r_ttd < 0.03 THEN NULL
                        ELSE floor(exp(ln(5) + (r_ttd - 0.03) / 0.97 * ln(180)))::int END AS ttd
        ) d
        JOIN bench_pool p1 ON p1.id = mod(n * 7919, {pool_size})
        LEFT JOIN bench_pool p2 ON followup AND p2.id = mod(n * 7919 + 1, {pool_size})
    """
    first_disclosed = "d.discovered + d.ttd"
    published = (
        f"coalesce({first_disclosed}, d.discovered + 60)"
        " + CASE WHEN followup THEN 30 + floor(r_misc * 150)::int ELSE 0 END"
    )
    vector = (
        "p1.vector || coalesce(p2.vector, ''::tsvector)"
        " || array_to_tsvector(ARRAY['ベンチ' || n])"
        f" || CASE WHEN mod(n, {RARE_EVERY}) = 0 THEN array_to_tsvector(%s::text[])"
        " ELSE ''::tsvector END"
    )
    expressions = {
        "id": ("n", []),
        "organization": ("'株式会社ベンチ' || n", []),
        "org_key": ("'ベンチ' || n", []),
        "sites": ("ARRAY['shop' || n || '.example.jp']", []),
        "published_on": (published, []),
        "first_disclosed_on": (first_disclosed, []),
        "report_stage": (
            "CASE WHEN NOT followup THEN 'initial' WHEN r_misc < 0.5 THEN 'update' "
            "ELSE 'final' END",
            [],
        ),
        "discovered_on": ("d.discovered", []),
        "discovered_by": (discoverer, discoverer_params),
        "forensic_investigation": ("r_inv < 0.85", []),
        "forensic_firm_id": (
            "CASE WHEN r_inv >= 0.85 OR r_firm < 0.25 THEN NULL "
            "ELSE (%s::bigint[])[1 + floor(power((r_firm - 0.25) / 0.75, 2) * %s)::int] END",
            [firms or [None], len(firms) or 1],
        ),
        "forensic_report_on": ("CASE WHEN r_inv < 0.85 THEN d.discovered + 50 END", []),
        "causes": ("CASE WHEN cardinality(causes0) = 0 THEN ARRAY['unknown'] ELSE causes0 END", []),
        "card_data": ("card_data", []),
        "personal_data": ("personal_data", []),
        "records_max": (
            "CASE WHEN r_rec < 0.1 THEN NULL ELSE floor(power(10, 1 + 4.7 * r_rec))::bigint END",
            [],
        ),
        "records_confirmed": ("CASE WHEN r_misc < 0.2 THEN floor(100 * r_rec)::bigint END", []),
        "payment_suspended_on": ("CASE WHEN r_who < 0.6 THEN d.discovered + 7 END", []),
        "reported_to": ("reported_to", []),
        "ttd_doubtful": ("r_misc > 0.98", []),
        "review_fields": ("CASE WHEN r_misc > 0.95 THEN ARRAY['records_max'] ELSE '{}' END", []),
        "unverified_fields": (
            "CASE WHEN r_misc > 0.95 THEN ARRAY['records_max'] ELSE '{}' END",
            [],
        ),
        "expected_errors": ("round((r_misc * 1.5)::numeric, 3)", []),
        "search_vector": (vector, [rare]),
        "grouping_reason": ("'generated by manage.py bench'", []),
        "has_followup": ("followup", []),
        "has_revision": ("r_misc > 0.98", []),
        "created_at": ("now() - make_interval(days => mod(n, 3000)::int)", []),
        "updated_at": ("now() - make_interval(days => mod(n, 3000)::int)", []),
    }
    params = [*cause_params, *card_params, *personal_params, *reported_params, first, last]
    insert(cursor, Incident, expressions, rows, params)


def insert_disclosures(cursor, first: int, last: int, pool_size: int, rare: list[str]) -> None:
    source = f"""
        FROM breaches_incident i
        JOIN bench_pool p ON p.id = mod(i.id * 7919 + %s, {pool_size})
        WHERE i.id BETWEEN %s AND %s
    """
    # The pool's values are copied as they are stored (compressed) unless changed: a plain
    # `p.text` costs no compression, `p.text || x` would compress every notice again.
    rare = f"mod(i.id, {RARE_EVERY}) = 0"
    for number in (1, 2):
        followup = number == 2
        expressions = {
            "incident_id": ("i.id", []),
            "source_key": (f"'https://shop' || i.id || '.example.jp/news/{number}.html'", []),
            "source_path": ("''", []),
            "source_url": (f"'https://shop' || i.id || '.example.jp/news/{number}.html'", []),
            "text": (f"CASE WHEN {rare} THEN p.text || %s ELSE p.text END", [RARE_SENTENCE]),
            "content_hash": (f"md5('bench ' || i.id || ' {number}')", []),
            "encoding": ("'utf-8'", []),
            "revision": ("CASE WHEN i.has_revision THEN 2 ELSE 1 END", []),
            "extraction": ("p.extraction", []),
            "terms": (
                f"CASE WHEN {rare} THEN p.terms || ' ' || %s ELSE p.terms END",
                [" ".join(rare)],
            ),
            "published_on": (
                "i.published_on" if followup else "coalesce(i.first_disclosed_on, i.published_on)",
                [],
            ),
            "report_stage": ("i.report_stage" if followup else "'initial'", []),
            "created_at": ("i.created_at", []),
            "updated_at": ("i.updated_at", []),
        }
        where = source + (" AND i.has_followup" if followup else "")
        insert(cursor, Disclosure, expressions, where, [number - 1, first, last])
