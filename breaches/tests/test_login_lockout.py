"""Admin login throttling: per username at an address, per address, and the page that says so."""

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.urls import reverse

pytestmark = pytest.mark.django_db

HOME = "192.0.2.10"
ELSEWHERE = "198.51.100.7"
PASSWORD = "right-password-123"
COOLOFF_MINUTES = round(settings.AXES_COOLOFF_TIME * 60)


def log_in(client, username, password, address=HOME, **headers):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        **headers,
    )


def logged_in_as(client, response, username) -> bool:
    session_user = client.session.get("_auth_user_id")
    return response.status_code == 302 and session_user == str(
        User.objects.get(username=username).pk
    )


@pytest.fixture(autouse=True)
def fast_hasher(settings):
    # Forty logins with the production hasher take a minute; the throttle does not care.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def staff():
    for name in ("alice", "bob"):
        User.objects.create_superuser(name, password=PASSWORD)


def lock_out_alice(client):
    for n in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "alice", f"typo-{n}")


def test_one_users_typos_lock_out_only_that_user(client, staff):
    lock_out_alice(client)
    assert log_in(client, "alice", PASSWORD).status_code == 429
    assert logged_in_as(client, log_in(client, "bob", PASSWORD), "bob")


def test_a_user_below_the_limit_still_logs_in(client, staff):
    for n in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "alice", f"typo-{n}")
    assert logged_in_as(client, log_in(client, "alice", PASSWORD), "alice")


def test_an_address_that_tries_many_usernames_is_locked_for_everyone(client, staff):
    for n in range(settings.AXES_ADDRESS_FAILURE_LIMIT):
        response = log_in(client, f"guess-{n}", "password")
    assert response.status_code == 429
    assert log_in(client, "bob", PASSWORD).status_code == 429
    assert logged_in_as(client, log_in(client, "bob", PASSWORD, address=ELSEWHERE), "bob")


def test_the_address_limit_is_higher_than_one_users_limit():
    assert settings.AXES_ADDRESS_FAILURE_LIMIT > settings.AXES_FAILURE_LIMIT


def test_the_lockout_page_is_ours_and_says_in_japanese_when_to_retry(client, staff):
    lock_out_alice(client)
    response = log_in(client, "alice", PASSWORD, HTTP_ACCEPT_LANGUAGE="ja")
    assert response.status_code == 429
    assert response["Content-Type"].startswith("text/html")
    assert response["Retry-After"] == str(COOLOFF_MINUTES * 60)
    assert {"lockout.html", "base.html"} <= {t.name for t in response.templates}
    page = response.content.decode()
    assert '<html lang="ja">' in page
    assert "ログインの失敗が続きました" in page
    assert f"{COOLOFF_MINUTES}分後にもう一度お試しください" in page
    assert "Try again" not in page


def test_the_lockout_page_is_english_for_a_visitor_who_chose_english(client, staff):
    lock_out_alice(client)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = log_in(client, "alice", PASSWORD).content.decode()
    assert '<html lang="en">' in page
    assert f"Try again in {COOLOFF_MINUTES} minutes." in page
