"""A superuser has no officer record, so no election or area of its own: it chooses one on
/pilih/ and the choice, kept in its session, scopes its pages (``petugas.scope``)."""

SESI_PEMILIHAN = "pilihan_pemilihan"
SESI_WILAYAH = "pilihan_wilayah"


class PilihanSuperuser:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_superuser:
            user._pilihan_pemilihan = request.session.get(SESI_PEMILIHAN)
        return self.get_response(request)
