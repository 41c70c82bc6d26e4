"""Side by side: the page scan of two (or more) extension folders on the bench's claim page, each
run in an isolated world made with CDP's Page.createIsolatedWorld (the DOM costs of a content
script's world) on a freshly loaded page, the folders in alternating order so that both see the
same load. Measures cdt.scan.scan(document.body) alone: no service worker, no lookup, no options.

    python bench/ab_scan.py [--runs 12] [--css] EXTENSION_DIR [EXTENSION_DIR ...]

--css adds each folder's content/page.css to the page first (as a <style>), as the extension does.
Not a replacement for bench_extension.py, whose figure is the one the target is about: use this to
compare variants of scan.js quickly. Run it under `flock /work/bench.lock` like the other benches.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_extension as bench  # noqa: E402

RUN = """(() => { const t0 = performance.now(); const codes = cdt.scan.scan(document.body);
  return [performance.now() - t0, codes.length, document.querySelectorAll('[data-cdt-code]').length]; })()"""


def source(folder: Path, css: bool) -> str:
    parts = []
    if css:
        parts.append("(() => { const s = document.createElement('style'); s.textContent = "
                     + json.dumps((folder / "content/page.css").read_text()) + "; document.head.appendChild(s); })();")
    parts.append("globalThis.cdt = {};")
    parts += [(folder / f).read_text() for f in ("lib/codes.js", "content/scan.js")]
    return "\n".join(parts)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", type=Path, nargs="+")
    parser.add_argument("--runs", type=int, default=12)
    parser.add_argument("--lines", type=int, default=2000)
    parser.add_argument("--css", action="store_true")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    pages_dir = Path(tempfile.mkdtemp(prefix="cdt-ab-"))
    (pages_dir / "claim.html").write_text(bench.claim_page(args.lines), encoding="utf-8")
    files, pages_url = bench.serve(pages_dir)
    sources = {f: source(f, args.css) for f in args.folders}
    times: dict[Path, list[float]] = {f: [] for f in args.folders}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=bench.CHROMIUM, args=bench.ARGS)
        context = browser.new_context()
        for run in range(args.runs):
            for folder in args.folders if run % 2 == 0 else args.folders[::-1]:
                page = context.new_page()
                page.goto(f"{pages_url}/claim.html")
                cdp = context.new_cdp_session(page)
                frame = cdp.send("Page.getFrameTree")["frameTree"]["frame"]["id"]
                world = cdp.send("Page.createIsolatedWorld", {"frameId": frame, "worldName": "ab-scan"})["executionContextId"]
                loaded = cdp.send("Runtime.evaluate", {"expression": sources[folder], "contextId": world})
                if "exceptionDetails" in loaded:
                    print(f"{folder}: {loaded['exceptionDetails']}", file=sys.stderr)
                    return 1
                ms, found, marked = cdp.send("Runtime.evaluate", {"expression": RUN, "contextId": world,
                                                                  "returnByValue": True})["result"]["value"]
                if run == 0:
                    print(f"{folder}: {found} codes found, {marked} marked")
                times[folder].append(ms)
                page.close()
        browser.close()
    files.shutdown()
    print(f"machine: {bench.machine_note()}")
    for folder, values in times.items():
        print(f"{str(folder):40s} {bench.summary(values)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
