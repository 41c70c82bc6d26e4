"""One blueprint per resource."""
from __future__ import annotations

from .claims import bp as claims
from .codes import bp as codes
from .diagnoses import bp as diagnoses
from .docs import bp as docs
from .eligibility import bp as eligibility
from .health import bp as health
from .profiles import bp as profiles
from .search import bp as search

BLUEPRINTS = (health, codes, diagnoses, search, claims, eligibility, profiles, docs)
