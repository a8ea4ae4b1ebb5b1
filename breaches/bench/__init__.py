"""`manage.py bench` (issue 15): a generated catalogue of realistic size in a throwaway
database, the real pages timed next to today's queries (naive.py), ingest throughput, a loopback
load test through gunicorn, and one summary table with the issue's targets.

generate.py  notices of real size and their search terms, filled in PostgreSQL (INSERT … SELECT)
naive.py     the queries the pages ran before the performance work, kept as the reference
pages.py     the pages, their naive forms and targets; median and p95 of each
peer.py      the same pages on Datasette (SQLite copy, a venv of its own), both over HTTP
ingest.py    extract() next to ingest --jobs 1/2 and a no-op re-import, on the same notices
load.py      gunicorn on a free loopback port, client threads, req/s and latencies
memory.py    peak RSS of a CSV export, in a process of its own
summary.py   the closing table, each figure against its target
"""
