"""Append-only hash-chained audit log. Service functions call :func:`record`."""


def record(*args, **kwargs):
    # Imported lazily: apps import ``audit`` before Django's app registry is ready.
    from .services import record as _record

    return _record(*args, **kwargs)
