from django.middleware.locale import LocaleMiddleware


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
