"""Dental Code Guide's local lookup server: the HTTP face of ``cdt_data`` (installed as ``cdt_server``).

Importing this package imports no web framework, so ``cdt-server`` can say plainly that the
``[server]`` extra is missing instead of failing on an import.
"""
from __future__ import annotations

__all__ = ["create_app"]


def __getattr__(name: str):
    if name == "create_app":
        from .app import create_app
        return create_app
    raise AttributeError(f"module 'cdt_server' has no attribute {name!r}")
