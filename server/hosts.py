"""Answer only the Host names the server was started for (DNS-rebinding defence).

A web page can point its own domain name at 127.0.0.1; the browser then sends that name in
``Host`` and treats the answers as same-origin. So a request is served only when its Host is a
loopback name or address, the address the server listens on, or a name in ALLOWED_HOSTS.
With --allow-remote any IP address is answered too: rebinding needs a name the attacker
controls, and a workstation's serverUrl is often http://<the server's address>:8765. Anything
else is a 400 ``invalid_host`` in the one error shape.
"""
from __future__ import annotations

import ipaddress
from typing import Iterable, Optional

LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"})
WILDCARD = frozenset({"0.0.0.0", "::", "[::]", ""})


def host_name(header: Optional[str]) -> Optional[str]:
    """The name in a Host header without its port, lower-cased; None when it has no sane shape."""
    if not header or len(header) > 255:
        return None
    header = header.strip().lower()
    if header.startswith("["):  # [::1]:8765
        end = header.find("]")
        if end < 0 or (header[end + 1:] and not header[end + 1:].startswith(":")):
            return None
        name, port = header[1:end], header[end + 2:]
    else:
        name, _, port = header.partition(":")
    if port and not (port.isascii() and port.isdigit()):
        return None
    return name.rstrip(".") or None


def _is_loopback(name: str) -> bool:
    if name in LOOPBACK_NAMES or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


class HostPolicy:
    """Which Host names this server answers."""

    def __init__(self, listen_host: str, allowed: Iterable[str], remote: bool = False):
        self.remote = remote
        names = {n.strip("[]").lower() for n in allowed}
        listen = listen_host.strip("[]").lower()
        if listen not in WILDCARD:
            names.add(listen)
        self.names = frozenset(names)
        self._seen: dict = {}

    def allows(self, header: Optional[str]) -> bool:
        """Whether ``header`` names this server; the last few answers are kept (a client sends
        the same Host on every request, and parsing addresses costs more than the lookup)."""
        known = self._seen.get(header)
        if known is None:
            known = self._allows(header)
            if len(self._seen) >= 64:
                self._seen.clear()   # a client inventing Host names gains nothing but a miss
            self._seen[header] = known
        return known

    def _allows(self, header: Optional[str]) -> bool:
        name = host_name(header)
        if name is None:
            return False
        if _is_loopback(name) or name in self.names:
            return True
        return self.remote and _is_address(name)


def _is_address(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True
