"""The search box's query language, and the vocabulary it knows.

Syntax people already know from web search: words AND together, `"a phrase"` must appear as
written, `-word` excludes, `A OR B` takes either. Report markers (第2報, 続報, 最終報告) are
phrases by themselves: Sudachi splits 第2報 into 第 and 2, which alone match nearly every notice.

The index holds Sudachi terms without positions, so a phrase is the AND of its terms (the GIN
index narrows the rows) plus a substring test on the NFKC-folded notice text.

A word or phrase that names a vocabulary entry (a forensic firm by any alias, a cause, a data
item, a discoverer) also matches the incidents coded with it, unless the search is literal.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL

from .filters import TERM_FACETS, value_q

REPORT_MARKER = re.compile(r"第[0-9一二三四五六七八九十]+報|続報|最終報告?|速報|追加報告")
TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "＂": '"'})
# Vocabulary kinds a search word can name; report stages are left to the phrase rule.
VOCAB_FACETS = ("forensic_firm", "cause", "card_data", "personal_data", "discovered_by")


@dataclass(frozen=True)
class Concept:
    """A vocabulary entry a query word names."""

    facet: str
    code: str
    label: str


@dataclass(frozen=True)
class Item:
    text: str
    phrase: bool = False
    negated: bool = False
    concepts: tuple[Concept, ...] = field(default=())


@dataclass(frozen=True)
class Query:
    """Clauses AND together; the items of one clause OR together."""

    clauses: tuple[tuple[Item, ...], ...]

    @property
    def concepts(self) -> list[Concept]:
        return [c for clause in self.clauses for item in clause for c in item.concepts]

    @property
    def has_syntax(self) -> bool:
        items = [item for clause in self.clauses for item in clause]
        return any(i.phrase or i.negated for i in items) or any(len(c) > 1 for c in self.clauses)


def fold(text: str) -> str:
    """The key a query word and a vocabulary entry are compared by."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).casefold()


def vocabulary(
    labels: dict[str, dict[str, str]], terms, firms, aliases
) -> dict[str, list[Concept]]:
    """folded name -> the concepts it names: codes, labels in both languages, firm aliases.

    `terms`, `firms` and `aliases` ((alias, firm id) pairs) are the vocabulary snapshot's rows
    (breaches.vocabulary), `labels` the filterset's.
    """
    table: dict[str, list[Concept]] = {}

    def add(name: str, concept: Concept) -> None:
        entries = table.setdefault(fold(name), [])
        if concept not in entries:
            entries.append(concept)

    kinds = {kind: facet for facet, kind in TERM_FACETS.items()}
    for term in terms:
        facet = kinds[term.kind]
        concept = Concept(facet, term.code, labels[facet].get(term.code, term.label))
        for name in (term.code, term.label_ja, term.label_en):
            add(name, concept)
    by_id = {}
    for firm in firms:
        by_id[firm.pk] = Concept("forensic_firm", firm.slug, labels["forensic_firm"][firm.slug])
        for name in (firm.name, firm.label_ja, firm.slug):
            if name:
                add(name, by_id[firm.pk])
    for alias, firm_id in aliases:
        if firm_id in by_id:
            add(alias, by_id[firm_id])
    return table


def tokens(text: str) -> list[tuple[str, str, bool]]:
    """(kind, text, negated) with kind "word", "phrase" or "or"."""
    text = unicodedata.normalize("NFKC", text).translate(QUOTES)
    out = []
    for match in TOKEN.finditer(text):
        minus, quoted, bare = match.groups()
        if quoted is not None:
            if quoted.strip():
                out.append(("phrase", " ".join(quoted.split()), bool(minus)))
        elif bare == "OR":
            out.append(("or", bare, False))
        elif bare.startswith("-") and len(bare) > 1:
            out.append(("word", bare[1:], True))
        elif bare != "-":
            out.append(("word", bare, False))
    return out


def parse(text: str, vocab: dict[str, list[Concept]] | None = None) -> Query:
    """The query as clauses of items; `vocab` None searches the words literally."""
    items, joins = [], []  # joins[i]: item i is OR-ed to the one before
    pending_or = False
    raw = tokens(text)
    i = 0
    while i < len(raw):
        kind, word, negated = raw[i]
        if kind == "or":
            pending_or = bool(items)
            i += 1
            continue
        span, concepts = 1, ()
        if vocab and not negated:
            span, concepts = longest_name(raw, i, vocab)
        if span > 1:
            word = " ".join(t[1] for t in raw[i : i + span])
        phrase = kind == "phrase" or bool(REPORT_MARKER.fullmatch(word))
        items.append(Item(word, phrase=phrase, negated=negated, concepts=tuple(concepts)))
        joins.append(pending_or)
        pending_or = False
        i += span
    clauses: list[list[Item]] = []
    for item, join in zip(items, joins, strict=True):
        if join and clauses:
            clauses[-1].append(item)
        else:
            clauses.append([item])
    return Query(tuple(tuple(c) for c in clauses))


def longest_name(raw, start: int, vocab) -> tuple[int, list[Concept]]:
    """How many plain tokens from `start` name a vocabulary entry (longest first), and which."""
    end = start
    while end < len(raw) and raw[end][0] != "or" and not raw[end][2]:
        end += 1
    for stop in range(end, start, -1):
        if stop - start > 1 and any(t[0] == "phrase" for t in raw[start:stop]):
            continue
        found = vocab.get(fold(" ".join(t[1] for t in raw[start:stop])))
        if found:
            return stop - start, found
    return 1, []


def item_terms(item: Item) -> list[str]:
    return list(text_terms(item.text))


@lru_cache(maxsize=512)
def text_terms(text: str) -> tuple[str, ...]:
    # Cached: the filter and the highlighting read the same words, tokenise them once.
    from .filters import query_terms

    return tuple(query_terms(text))


def tsquery(terms: list[str]) -> str:
    # Quoted lexemes are taken as they are, without another parse that could split them.
    return " & ".join("'" + t.replace("\\", "\\\\").replace("'", "''") + "'" for t in terms)


def like_pattern(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


# A positive match as itself, so that the GIN index can answer it (coalesce() around it hides
# the operator from the planner: a rare word scanned the whole table). Negated, it must be
# false, not NULL, for an incident without a search vector, or NOT would drop that incident.
MATCHES = "breaches_incident.search_vector @@ %s::tsquery"
MATCHES_NULL_SAFE = "coalesce(breaches_incident.search_vector @@ %s::tsquery, false)"
# A phrase: in one of the incident's notices, or in its organisation, as written (NFKC-folded).
CONTAINS = (
    "(EXISTS (SELECT 1 FROM breaches_disclosure d WHERE d.incident_id = breaches_incident.id"
    " AND normalize(d.text, NFKC) ILIKE %s)"
    " OR normalize(breaches_incident.organization, NFKC) ILIKE %s)"
)


def item_q(item: Item, firm_ids: dict[str, int] | None = None) -> Q | None:
    """The incidents one item matches, before negation; None when it asks for nothing."""
    terms = item_terms(item)
    matches = MATCHES_NULL_SAFE if item.negated else MATCHES
    parts = []
    if item.phrase:
        pattern = like_pattern(item.text)
        sql, params = CONTAINS, [pattern, pattern]
        if terms:
            sql, params = f"({matches} AND {CONTAINS})", [tsquery(terms), pattern, pattern]
        parts.append(Q(RawSQL(sql, params, output_field=BooleanField())))
    elif terms:
        parts.append(Q(RawSQL(matches, [tsquery(terms)], output_field=BooleanField())))
    parts += [value_q(c.facet, c.code, firm_ids) for c in item.concepts]
    if not parts:
        return None
    q = parts[0]
    for part in parts[1:]:
        q |= part
    return q


def query_q(query: Query, firm_ids: dict[str, int] | None = None) -> Q:
    """The whole query as one Q: clauses AND, items of a clause OR, `-` negates."""
    result = Q()
    for clause in query.clauses:
        either = None
        for item in clause:
            q = item_q(item, firm_ids)
            if q is None:
                continue
            q = ~q if item.negated else q
            either = q if either is None else either | q
        if either is not None:
            result &= either
    return result


def highlight_terms(query: Query) -> list[str]:
    """Terms to mark in snippets: those of the items a result must or may contain."""
    out: dict[str, None] = {}
    for clause in query.clauses:
        for item in clause:
            if not item.negated:
                out.update(dict.fromkeys(item_terms(item)))
    return list(out)
