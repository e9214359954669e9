from .scope import get_scope


def scope(request):
    """Templates get the caller's scope to show role-specific navigation."""
    return {"scope": get_scope(getattr(request, "user", None))}
