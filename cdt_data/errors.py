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


class InvalidClaimError(CdtDataError, ValueError):
    """A claim the checker cannot read: ``line`` (0-based index or None) and ``field`` (or None)
    say where. Data a biller could plausibly send (a bad code or tooth) is a finding instead."""

    def __init__(self, problem: str, line: "int | None" = None, field: "str | None" = None):
        self.line = line
        self.field = field
        self.problem = problem
        where = []
        if line is not None:
            where.append(f"line {line + 1} (index {line})")
        if field is not None:
            where.append(f"field {field!r}")
        super().__init__(f"Claim {', '.join(where)}: {problem}" if where else f"Claim: {problem}")


class DataFileError(CdtDataError):
    """A record file shipped with the package is unreadable or inconsistent."""


def shorten(value: object, width: int = 40) -> str:
    """A repr safe to put in a message, however long or odd the input was.

    Never raises: an int too long to print (Python refuses over 4,300 digits) is described by
    its size, and an object whose repr fails by its type."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 128:
        return f"an integer of about {int(value.bit_length() * 0.30103) + 1} digits"
    try:
        text = repr(value)
    except Exception:  # a hostile or broken __repr__ must not replace the real error
        return f"a {type(value).__name__}"
    return text if len(text) <= width else text[: width - 3] + "..."


class InvalidDiagnosisError(CdtDataError, ValueError):
    """The input is not shaped like an ICD-10-CM code (a letter, two characters, then up to four
    more, with or without the dot: ``K11.5``, ``k115``, ``S02.5XXA``)."""


class UnknownDiagnosisError(CdtDataError, LookupError):
    """A well-formed code that is not in the ICD-10-CM release the package ships.

    ``who`` holds the project's note when the code exists in WHO ICD-10 but not in ICD-10-CM
    (K07.6: TMJ disorders are M26.6- in ICD-10-CM), else None; ``suggestions`` holds ICD-10-CM
    codes to look at instead (the WHO note's targets, or the code with its placeholder X's)."""

    def __init__(self, code: str, release: str, who: "str | None" = None, suggestions: tuple = ()):
        self.code = code
        self.release = release
        self.who = who
        self.suggestions = tuple(suggestions)
        if who:
            text = f"{code} is a WHO ICD-10 code, not an ICD-10-CM code: {who}"
        else:
            hint = f" Did you mean {', '.join(self.suggestions)}?" if self.suggestions else ""
            text = f"{code} is not in ICD-10-CM ({release}).{hint}"
        super().__init__(text)
