"""A guard that refuses and records every network use of the Python process it is installed in."""
from __future__ import annotations

import socket
from typing import Any

USED: list[str] = []


class _NoSocket(socket.socket):
    def __init__(self, family: int = -1, type: int = -1, proto: int = -1, fileno: Any = None):
        fam = socket.AF_INET if family == -1 else family
        if fileno is None and fam != getattr(socket, "AF_UNIX", None):
            _refuse(f"socket.socket(family={fam})")
        super().__init__(family, type, proto, fileno)


def _refuse(what: str) -> Any:
    USED.append(what)
    raise OSError(f"network use refused: {what}")


PATCHES = {
    "socket": _NoSocket,
    "create_connection": lambda *a, **k: _refuse(f"socket.create_connection{a}"),
    "getaddrinfo": lambda *a, **k: _refuse(f"socket.getaddrinfo{a}"),
    "gethostbyname": lambda *a, **k: _refuse(f"socket.gethostbyname{a}"),
}


def install(setattr_: Any = setattr) -> None:
    """Patch the socket module (``setattr_`` may be pytest's ``monkeypatch.setattr``)."""
    for name, value in PATCHES.items():
        setattr_(socket, name, value)
