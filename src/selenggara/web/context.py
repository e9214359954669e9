from . import jam


def jam_kerja(request):
    """Every page says plainly when the working date is not the real one."""
    return {"jam_simulasi": jam.simulasi()}
