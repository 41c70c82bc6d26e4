"""One way to read a code, used when loading, looking up, searching and checking."""
from __future__ import annotations

import re

from .errors import InvalidCodeError, shorten

_CODE = re.compile(r"[Dd]?(\d{4})", re.ASCII)   # ASCII: "０３７１" is not a code
CODE_IN_TEXT = re.compile(r"(?<![A-Za-z0-9])[Dd](\d{4})(?![A-Za-z0-9])")


def normalize_code(raw: object) -> str:
    """``"d0371 "``, ``"D0371"`` and ``"0371"`` all become ``"D0371"``.

    Raises InvalidCodeError for anything that is not a string shaped like a code.
    """
    if not isinstance(raw, str):
        raise InvalidCodeError(f"A CDT code is a string such as 'D0371', not {type(raw).__name__} {shorten(raw)}.")
    match = _CODE.fullmatch(raw.strip())
    if match is None:
        raise InvalidCodeError(f"{shorten(raw)} is not a CDT code: a code is 'D' followed by four digits, such as 'D0371'.")
    return "D" + match.group(1)


def is_code(raw: object) -> bool:
    try:
        normalize_code(raw)
    except InvalidCodeError:
        return False
    return True
