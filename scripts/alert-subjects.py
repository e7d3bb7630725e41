#!/usr/bin/env python3
"""Prints the subject of each e-mail in a pickup folder, oldest first, as a mail client shows it (decoded):

    python3 scripts/alert-subjects.py outbox

docs/alerts.md quotes this output for the demo replay (EmailWordingTests checks that it still matches).
"""
import email
import sys
from email import policy
from pathlib import Path


def main(folder: str) -> int:
    files = sorted(Path(folder).glob("*.eml"), key=lambda p: p.stat().st_mtime)
    if not files:
        print(f"{folder}: no .eml files", file=sys.stderr)
        return 66
    for path in files:
        message = email.message_from_binary_file(open(path, "rb"), policy=policy.default)
        print(message["Subject"])
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(64)
    sys.exit(main(sys.argv[1]))
