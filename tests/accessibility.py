"""axe-core in the browser tests: WCAG 2.1 A and AA violations on the page as it is now.

axe-core comes from npm at the version in package-lock.json (`make browser`, which `make e2e`
runs, installs it into node_modules/). It is read from there and run in the page through the
DevTools protocol: nothing is fetched from the network and nothing is added to the site.
"""

from __future__ import annotations

import json
from pathlib import Path

from browser import Browser

AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


async def violations(browser: Browser) -> list[str]:
    """Each violation as one line: the rule, its impact and where (a few elements)."""
    if not await browser.evaluate("typeof window.axe === 'object'"):
        if not AXE.exists():
            raise RuntimeError(f"{AXE} is missing: run `make browser` (npm ci)")
        await browser.evaluate(AXE.read_text(encoding="utf-8"))
    options = json.dumps({"runOnly": {"type": "tag", "values": TAGS}})
    return await browser.evaluate(
        f"axe.run(document, {options}).then(result => result.violations.map(v =>"
        " `${v.id} (${v.impact}): ${v.help}: `"
        " + v.nodes.slice(0, 4).map(n => n.target.join(' ')).join(', ')))"
    )


async def assert_accessible(browser: Browser, state: str) -> None:
    """No WCAG 2.1 AA violation on the page in `state` (named in the failure)."""
    found = await violations(browser)
    assert not found, f"axe-core, {state}:\n" + "\n".join(found)
