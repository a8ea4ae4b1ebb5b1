"""Gunicorn settings from the environment: `gunicorn -c config/gunicorn.py config.wsgi`
(Makefile, Dockerfile and docker-compose.yml all start it so)."""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# WEB_CONCURRENCY is the name gunicorn and most hosts use for the worker count.
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
# A worker silent for this long is killed and replaced; requests themselves are bounded far
# below it by the database's statement_timeout (DB_STATEMENT_TIMEOUT_MS).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
accesslog = "-"
