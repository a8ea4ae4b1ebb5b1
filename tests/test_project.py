"""Project setup: settings from the environment, PostgreSQL only, compose, quick start."""

import json
import os
import subprocess
import sys

import pytest
from django.db import connection

from conftest import ROOT


def settings_in_subprocess(env_overrides: dict, expr: str):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SECRET_KEY", "DEBUG")}
    env.update(env_overrides)
    code = (
        "import json, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings');"
        f"from django.conf import settings; print(json.dumps({expr}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    return done


def test_without_database_url_it_uses_the_embedded_postgresql():
    done = settings_in_subprocess({}, "settings.DATABASES['default']")
    db = json.loads(done.stdout)
    assert db["ENGINE"] == "config.embedded_pg"
    assert db["PGDATA"].endswith("var/pgdata")


def test_database_url_selects_a_postgresql_server():
    done = settings_in_subprocess(
        {"DATABASE_URL": "postgres://u:p@db.example:5433/cat"}, "settings.DATABASES['default']"
    )
    db = json.loads(done.stdout)
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["HOST"], db["PORT"], db["NAME"], db["USER"]) == ("db.example", 5433, "cat", "u")


def test_a_sqlite_database_url_is_refused():
    done = settings_in_subprocess({"DATABASE_URL": "sqlite:///x.db"}, "settings.DEBUG")
    assert done.returncode != 0
    assert "must point at PostgreSQL" in done.stderr


def test_debug_is_off_unless_set_and_bad_booleans_fail_loudly():
    assert json.loads(settings_in_subprocess({}, "settings.DEBUG").stdout) is False
    assert json.loads(settings_in_subprocess({"DEBUG": "true"}, "settings.DEBUG").stdout) is True
    done = settings_in_subprocess({"DEBUG": "maybe"}, "settings.DEBUG")
    assert done.returncode != 0
    assert "DEBUG must be true or false" in done.stderr


def test_secret_key_is_required_in_production_mode():
    done = settings_in_subprocess({"ALLOW_INSECURE_KEY": "false"}, "settings.DEBUG")
    assert "SECRET_KEY must be set" in done.stderr
    done = settings_in_subprocess(
        {"ALLOW_INSECURE_KEY": "false", "SECRET_KEY": "s3cret"}, "settings.DEBUG"
    )
    assert done.returncode == 0


@pytest.mark.django_db
def test_the_tests_run_on_postgresql():
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        assert cursor.fetchone()[0].startswith("PostgreSQL")


def test_readme_quick_start_is_the_two_make_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick_start = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = [line.strip() for line in quick_start.splitlines() if line.startswith("make ")]
    assert commands == ["make run", "make test"]


def test_seeds_are_the_five_shared_seed_notices():
    names = sorted(p.name for p in (ROOT / "seeds").glob("*.txt"))
    assert len(names) == 5
    shared = ROOT.parent / "shared" / "eval" / "seeds"
    if shared.is_dir():
        assert names == sorted(p.name for p in shared.glob("*.txt"))


@pytest.mark.django_db
def test_django_system_checks_pass():
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("check", stdout=out)
    assert "no issues" in out.getvalue()
