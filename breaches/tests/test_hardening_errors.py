"""Time limits and failure answers: queries run under statement_timeout, connections under
connect_timeout; a cancelled query or an unreachable database is a 503 with Retry-After in the
client's format, never a traceback."""

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest
from django.conf import settings
from django.db import OperationalError, connection
from django.test import RequestFactory

from breaches.errors import server_error
from conftest import ROOT, make_incident

PAGES = {
    "/": "text/html",
    "/api/incidents/": "application/json",
    "/feed/": "application/atom+xml",
    "/incidents.csv": "text/plain",
    "/insights/causes.json": "application/json",
}


def run_python(code: str, **env) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env={**os.environ, **env},
        capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


def test_web_connections_carry_the_statement_and_connect_timeouts():
    """What gunicorn loads (config.wsgi): every connection has both limits."""
    code = (
        "import json, config.wsgi; from django.db import connection; c = connection.cursor();"
        "c.execute('SHOW statement_timeout'); params = connection.get_connection_params();"
        "print(json.dumps([c.fetchone()[0], params['connect_timeout']]))"
    )
    assert json.loads(run_python(code)) == ["2s", 3]
    assert json.loads(run_python(code, DB_STATEMENT_TIMEOUT_MS="1500")) == ["1500ms", 3]


def test_commands_lift_the_statement_timeout_and_runserver_keeps_it():
    probe = (
        "import sys; sys.argv = ['manage.py', {command!r}];"
        "import os; os.environ['DJANGO_SETTINGS_MODULE'] = 'config.settings';"
        "from django.conf import settings; print(settings.DATABASES['default']['OPTIONS'])"
    )
    assert "statement_timeout=0'" in run_python(probe.format(command="ingest"))
    assert "statement_timeout=2000'" in run_python(probe.format(command="runserver"))
    lifted = run_python(probe.format(command="migrate"), DB_COMMAND_STATEMENT_TIMEOUT_MS="60000")
    assert "statement_timeout=60000'" in lifted
    assert settings.DB_CONNECT_TIMEOUT == 3


def slow_queries(execute, sql, params, many, context):
    execute("SELECT pg_sleep(1)", None, False, context)
    return execute(sql, params, many, context)


def assert_unavailable(response, content_type):
    assert response.status_code == 503
    assert response["Retry-After"] == str(settings.RETRY_AFTER_SECONDS)
    assert response["Content-Type"].startswith(content_type)
    body = response.content.decode()
    assert "Traceback" not in body
    assert "pg_sleep" not in body
    return body


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "content_type"), PAGES.items())
def test_a_query_cancelled_by_statement_timeout_is_a_503_in_the_clients_format(
    client, path, content_type
):
    make_incident()
    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = 100")
    with connection.execute_wrapper(slow_queries):
        response = client.get(path)
    body = assert_unavailable(response, content_type)
    if content_type == "application/json":
        assert json.loads(body)["retry_after"] == settings.RETRY_AFTER_SECONDS
    elif content_type == "application/atom+xml":
        feed = ET.fromstring(response.content)
        assert feed.tag == "{http://www.w3.org/2005/Atom}feed"
        assert "Try again" in feed.find("{http://www.w3.org/2005/Atom}subtitle").text
    elif content_type == "text/html":
        assert "もう一度お試しください" in body


def test_an_unreachable_database_is_a_503_for_every_kind_of_page():
    """A real outage: nothing listens on the port, so connecting fails at once."""
    code = (
        "import json, django; django.setup(); from django.test import Client;"
        f"rs = [(p, Client().get(p)) for p in {list(PAGES)!r}];"
        "print(json.dumps([(p, r.status_code, r['Content-Type'], r.get('Retry-After'))"
        " for p, r in rs]))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": "postgres://nobody:x@127.0.0.1:9/none",
        "ALLOWED_HOSTS": "testserver",
    }
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    answers = {p: (status, kind, retry) for p, status, kind, retry in json.loads(done.stdout)}
    for path, content_type in PAGES.items():
        status, kind, retry = answers[path]
        assert (status, retry) == (503, str(settings.RETRY_AFTER_SECONDS)), path
        assert kind.startswith(content_type), path
    assert "Traceback" not in done.stderr


def test_a_database_error_outside_the_views_is_a_503_too():
    request = RequestFactory().get("/api/incidents/")
    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError:
        response = server_error(request)
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"


def test_other_errors_stay_a_plain_500():
    request = RequestFactory().get("/")
    try:
        raise ValueError("a bug")
    except ValueError:
        response = server_error(request)
    assert response.status_code == 500
