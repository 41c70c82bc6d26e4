"""One blueprint per resource."""
from __future__ import annotations

from .claims import bp as claims
from .codes import bp as codes
from .docs import bp as docs
from .health import bp as health
from .search import bp as search

BLUEPRINTS = (health, codes, search, claims, docs)
