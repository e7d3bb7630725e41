#!/usr/bin/env python3
"""Renders an alert e-mail's HTML part to a PNG with headless Chromium, as a mail client would show it.

    python3 scripts/screenshot-alert.py outbox/alert-1-….eml alert.png [WIDTH [HEIGHT]]

WIDTH × HEIGHT is the window in CSS pixels (default 800 × 1400; a phone is about 390 wide).

The inline chart (cid:) is swapped for a data: URI so the page is self-contained; Chromium runs
with no network (the flags below keep it from calling home on this closed machine).
"""
import base64
import email
import subprocess
import sys
import tempfile
from email import policy
from pathlib import Path


def main(eml: str, png: str, width: int = 800, height: int = 1400) -> int:
    message = email.message_from_binary_file(open(eml, "rb"), policy=policy.default)
    html, images = None, {}
    for part in message.walk():
        if part.get_content_type() == "text/html":
            html = part.get_content()
        elif part.get_content_maintype() == "image" and part.get("Content-ID"):
            cid = part.get("Content-ID").strip("<>")
            images[cid] = f"data:{part.get_content_type()};base64,{base64.b64encode(part.get_content()).decode()}"
    if html is None:
        print(f"{eml}: no HTML part", file=sys.stderr)
        return 65
    for cid, uri in images.items():
        html = html.replace(f"cid:{cid}", uri)
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "alert.html"
        page.write_text(html, encoding="utf-8")
        command = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                   "--disable-background-networking", "--disable-component-update", "--disable-sync",
                   f"--user-data-dir={tmp}/profile", "--hide-scrollbars", f"--window-size={width},{height}",
                   f"--screenshot={Path(png).resolve()}", page.as_uri()]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120)
        if result.returncode != 0 or not Path(png).exists():
            print(f"chromium failed ({result.returncode}): {result.stderr[-2000:]}", file=sys.stderr)
            return 1
    print(png)
    return 0


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4, 5):
        print(__doc__, file=sys.stderr)
        sys.exit(64)
    sys.exit(main(sys.argv[1], sys.argv[2], *(int(a) for a in sys.argv[3:])))
