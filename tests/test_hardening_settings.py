"""Production settings from the environment: check --deploy is clean with the compose file's
environment, CSP on every page, https links behind a TLS proxy, 8-hour admin sessions, and a
Vary header that names the language cookie."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from breaches.middleware import ContentSecurityPolicyMiddleware
from conftest import ROOT, make_incident
from tests.test_hardening_setup import STRONG_KEY, compose_config

POLICY = "default-src 'self'; frame-ancestors 'none'"


def production_environment() -> dict[str, str]:
    """The web service's environment from docker-compose.yml, on this test run's database."""
    web = compose_config({"SECRET_KEY": STRONG_KEY})["services"]["web"]["environment"]
    # Not DJANGO_ALLOW_ASYNC_UNSAFE either: the browser tests set it in this process.
    unset = ("DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env.update({k: str(v) for k, v in web.items() if k != "DATABASE_URL"})
    return env


def test_check_deploy_is_clean_with_the_production_environment():
    done = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=production_environment(), capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


def test_without_the_production_switches_check_deploy_names_what_is_missing():
    unset = ("DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env.update(SECRET_KEY=STRONG_KEY, ALLOW_INSECURE_KEY="false")
    for name in ("SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_COOKIES"):
        env.pop(name, None)
    done = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode != 0
    for warning in ("W004", "W008", "W012", "W016"):
        assert warning in done.stderr + done.stdout


@pytest.mark.django_db
def test_every_kind_of_page_sends_the_content_security_policy(client):
    incident = make_incident()
    paths = ["/", incident.get_absolute_url(), "/insights/", "/api/incidents/", "/feed/",
             "/incidents.csv", "/admin/login/", "/no-such-page/"]  # fmt: skip
    for path in paths:
        response = client.get(path)
        assert response.status_code < 500, path
        assert response["Content-Security-Policy"] == POLICY, path


def test_the_django_5_2_fallback_sends_the_same_policy():
    middleware = ContentSecurityPolicyMiddleware(lambda request: HttpResponse("ok"))
    response = middleware(RequestFactory().get("/"))
    assert response["Content-Security-Policy"] == POLICY
    kept = ContentSecurityPolicyMiddleware(
        lambda request: HttpResponse(headers={"Content-Security-Policy": "sandbox"})
    )(RequestFactory().get("/"))
    assert kept["Content-Security-Policy"] == "sandbox"


@pytest.mark.django_db
@override_settings(SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"))
def test_behind_a_tls_proxy_absolute_links_are_https(client):
    make_incident()
    # As a proxy sends it: the public host name, and the scheme the client used.
    proxied = {"X-Forwarded-Proto": "https", "Host": "testserver"}
    for path in ("/api/incidents/", "/feed/", "/incidents.csv"):
        body = client.get(path, headers=proxied).getvalue().decode("utf-8-sig")
        assert "https://testserver/" in body, path
        assert "http://testserver/" not in body, path


@pytest.mark.django_db
@override_settings(
    SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"),
    SECURE_SSL_REDIRECT=True,
    SECURE_HSTS_SECONDS=31536000,
    SECURE_HSTS_INCLUDE_SUBDOMAINS=True,
)
def test_plain_http_is_redirected_and_https_gets_hsts(client):
    response = client.get("/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/"
    secure = client.get("/", headers={"X-Forwarded-Proto": "https"})
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_secure_cookies_follow_one_switch():
    from tests.test_project import settings_in_subprocess

    names = "[settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE, " \
            "settings.LANGUAGE_COOKIE_SECURE]"  # fmt: skip
    import json

    assert json.loads(settings_in_subprocess({}, names).stdout) == [False, False, False]
    on = settings_in_subprocess({"SECURE_COOKIES": "true"}, names)
    assert json.loads(on.stdout) == [True, True, True]


@pytest.mark.django_db
def test_an_admin_session_lasts_eight_hours(client):
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    User.objects.create_superuser("editor", password="a long passphrase 1")
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "editor", "password": "a long passphrase 1", "next": "/admin/"},
    )
    assert response.status_code == 302
    assert client.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 8 * 60 * 60


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/api/incidents/", "/insights/"])
def test_responses_vary_on_the_language_cookie(client, path):
    response = client.get(path)
    assert "Cookie" in [v.strip() for v in response["Vary"].split(",")]
