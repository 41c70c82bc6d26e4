"""Typed exceptions: each says what was wrong and what to do about it."""
from __future__ import annotations


class CdtDataError(Exception):
    """Base class of every error this package raises on purpose."""


class InvalidCodeError(CdtDataError, ValueError):
    """The input is not shaped like a CDT code (``D`` and four digits)."""


class UnknownCodeError(CdtDataError, LookupError):
    """A well-formed code that is not in the data; ``suggestions`` holds close codes."""

    def __init__(self, code: str, suggestions: tuple[str, ...] = ()):
        self.code = code
        self.suggestions = tuple(suggestions)
        hint = f" Did you mean {', '.join(self.suggestions)}?" if self.suggestions else ""
        super().__init__(f"{code} is not a CDT code.{hint}")


class InvalidQueryError(CdtDataError, ValueError):
    """A search query, prefix, limit or category that cannot be used."""


class DataFileError(CdtDataError):
    """A record file shipped with the package is unreadable or inconsistent."""


def shorten(value: object, width: int = 40) -> str:
    """A repr safe to put in a message, however long or odd the input was."""
    text = repr(value)
    return text if len(text) <= width else text[: width - 3] + "..."
