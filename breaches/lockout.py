"""Admin login throttling (django-axes): who is locked out, and the page that says so.

Axes compares one failure count with one limit. We want two limits: one person's typos lock
only that username at that address (`AXES_FAILURE_LIMIT`), while an address that tries many
usernames is locked for everyone once it reaches the higher `AXES_ADDRESS_FAILURE_LIMIT`.
"""

import math

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.shortcuts import render


class LoginThrottle(AxesDatabaseHandler):
    """Axes' database handler with `AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]`,
    plus a lock on the whole address after `AXES_ADDRESS_FAILURE_LIMIT` failures."""

    def get_failures(self, request, credentials=None) -> int:
        failures = super().get_failures(request, credentials)
        if self.address_failures(request) >= settings.AXES_ADDRESS_FAILURE_LIMIT:
            return max(failures, get_failure_limit(request, credentials))
        return failures

    def address_failures(self, request) -> int:
        attempts = AccessAttempt.objects.filter(
            ip_address=request.axes_ip_address,
            attempt_time__gte=get_cool_off_threshold(request),
        )
        return attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: our page, in the visitor's language, with when to try again."""
    seconds = int(get_cool_off(request).total_seconds())
    response = render(
        request,
        "lockout.html",
        {"minutes": math.ceil(seconds / 60)},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
    response["Retry-After"] = str(seconds)
    return response
