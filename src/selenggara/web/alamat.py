"""The client's address, as rate limits and the audit log need it.

Behind a reverse proxy every request comes from the proxy's address, so a limit per address
would put all officers of a KPU office in one bucket (and let one attacker lock them all out).
``X-Forwarded-For`` tells the real client, but anyone can send that header: it is believed
only when the request comes from a proxy listed in ``SELENGGARA_PROXY_TEPERCAYA`` (settings
``PROXY_TEPERCAYA``: addresses or networks, comma-separated), and then only the hops those
proxies added are read, right to left.
"""

from __future__ import annotations

import ipaddress
from functools import cache

from django.conf import settings


@cache
def _tepercaya() -> tuple:
    nets = []
    for item in getattr(settings, "PROXY_TEPERCAYA", ()):
        item = item.strip()
        if item:
            nets.append(ipaddress.ip_network(item, strict=False))
    return tuple(nets)


def _dipercaya(addr: str) -> bool:
    try:
        ip = ipaddress.ip_address(addr)
    except ValueError:
        return False
    return any(ip in net for net in _tepercaya())


def alamat_klien(request) -> str:
    """The address of the client that sent ``request``."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    if not _dipercaya(remote):
        return remote
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if h.strip()]
    # Walk back from the nearest hop: the first address that is not one of our proxies is the
    # client; anything left of it was written by the client itself and proves nothing.
    for hop in reversed(hops):
        if not _dipercaya(hop):
            return hop
    return hops[0] if hops else remote
