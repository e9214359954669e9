"""Responses that carry personal data must never be kept by a browser or a proxy cache."""


class TanpaSimpanDataPribadi:
    """``Cache-Control: no-store`` on every API response and every page served to a signed-in
    officer (voter lists, NIKs, worklists), unless the view set its own caching (public files
    such as the favicon)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.has_header("Cache-Control"):
            return response
        user = getattr(request, "user", None)
        if request.path.startswith("/api/") or (user is not None and user.is_authenticated):
            response["Cache-Control"] = "no-store"
        return response
