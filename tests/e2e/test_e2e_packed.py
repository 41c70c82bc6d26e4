"""The store zips (scripts/pack_extension.py) load and work in both browsers: the packed
manifest for each browser starts, follows `sites`, marks codes and checks the claim."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_packed_zip_loads_and_works(packed_tab, pages, cdt_server, ui):
    packed_tab.goto(f"{pages}/table_claim.html")
    assert ui.marks(packed_tab, 5) == ["D1110", "D0371", "D0310", "D2391", "D0371"]
    assert "Lines 1 and 2" in ui.row(packed_tab, "D0371", "D0310")
    packed_tab.hover("#tip [data-cdt-code=D0371]")
    ui.tooltip(packed_tab, "D0371", "Often confused with")
    assert cdt_server.recorder.to("/api/v1/codes/lookup")
    manifest = packed_tab.in_extension("async () => (globalThis.browser || globalThis.chrome).runtime.getManifest()")
    if packed_tab.name == "chromium":
        assert manifest["background"] == {"service_worker": "background/service-worker.js"}
    else:
        assert not manifest["background"].get("service_worker") and manifest["background"]["scripts"]
