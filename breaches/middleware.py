import logging

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers

logger = logging.getLogger(__name__)


class JapaneseFirstLocaleMiddleware(LocaleMiddleware):
    """Japanese unless the visitor chose otherwise (the language cookie), whatever the browser's
    Accept-Language says: the catalogue is Japanese by default, English on request.
    """

    def process_request(self, request):
        accept = request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        try:
            super().process_request(request)
        finally:
            if accept is not None:
                request.META["HTTP_ACCEPT_LANGUAGE"] = accept
        # `?lang=en` in a shared link wins over the cookie, for that request only.
        lang = request.GET.get("lang")
        if lang in dict(settings.LANGUAGES):
            translation.activate(lang)
            request.LANGUAGE_CODE = lang
        params = request.GET.copy()
        params.pop("lang", None)
        query = params.urlencode()
        request.path_without_lang = request.path + (f"?{query}" if query else "")

    def process_response(self, request, response):
        response = super().process_response(request, response)
        # The language comes from a cookie: a shared cache must not serve one language to all.
        patch_vary_headers(response, ["Cookie"])
        return response


class DatabaseUnavailableMiddleware:
    """A query cancelled by `statement_timeout`, or a database that cannot be reached, answers
    503 with Retry-After in the format the client asked for (see views.service_unavailable)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from .errors import DATABASE_UNAVAILABLE, service_unavailable

        if not isinstance(exception, DATABASE_UNAVAILABLE):
            return None
        logger.warning("503 for %s: %s", request.path, str(exception).strip().splitlines()[:1])
        return service_unavailable(request)


class ContentSecurityPolicyMiddleware:
    """settings.SECURE_CSP as a Content-Security-Policy header, for Django 5.2, which has no CSP
    middleware (Django 6 uses its own, django.middleware.csp)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.SECURE_CSP and "Content-Security-Policy" not in response:
            policy = settings.SECURE_CSP.items()
            response["Content-Security-Policy"] = "; ".join(
                f"{directive} {' '.join(values)}" for directive, values in policy
            )
        return response
