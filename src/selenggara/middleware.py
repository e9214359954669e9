"""Bahasa Indonesia first: the UI language is Indonesian unless the user picks English.

Django's LocaleMiddleware would follow the browser's Accept-Language header, and many KPU
computers and phones run an English-language browser: officers would then get an English UI
they never asked for. Only an explicit choice (the language cookie set by the ID/EN switch)
changes the language.
"""


class IgnoreBrowserLanguage:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
