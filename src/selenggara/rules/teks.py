"""Small text rules shared by every app: slugs of area names for usernames and file names."""

from __future__ import annotations

import re


def slug(nama: str) -> str:
    """Username or file-name part of an area name: "Bandar Lor" -> "bandarlor"."""
    return re.sub(r"[^a-z0-9]", "", nama.lower())
