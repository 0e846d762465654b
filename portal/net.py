"""The client's address, the same for the login lockout (axes) and the rate limits.

Behind the reverse proxy every request comes from the proxy's address. A forwarded
header is believed only when the connection comes from an address listed in
`PORTAL_TRUSTED_PROXIES` (env `TRUSTED_PROXIES`, CIDRs); otherwise anyone could send
`X-Forwarded-For: <the chairman's address>` and lock the chairman out.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _networks(spec: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(s.strip(), strict=False) for s in spec if s.strip())


def _address(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def _trusted(address, networks) -> bool:
    return address is not None and any(address in net for net in networks)


def client_ip(request) -> str:
    """REMOTE_ADDR, or, when that is a trusted proxy, the address the proxy saw.

    X-Forwarded-For is read from the right: each trusted proxy appends the address it
    received the request from, so the first untrusted entry is the client (anything to its
    left was written by the client and proves nothing). X-Real-IP is the fallback.
    """
    remote = request.META.get("REMOTE_ADDR", "") or ""
    networks = _networks(tuple(getattr(settings, "PORTAL_TRUSTED_PROXIES", ())))
    if not _trusted(_address(remote), networks):
        return remote
    hops = [h for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            break
        if not _trusted(address, networks):
            return str(address)
    real = _address(request.META.get("HTTP_X_REAL_IP", ""))
    if real is not None:
        return str(real)
    return remote
