#!/usr/bin/env bash
# Refreshes the alert e-mail and episode-page screenshots in docs/screenshots (alert-*.png, review-episode-*.png):
# the demo replay's e-mails (English desktop and phone, the update, French on a phone) and its review page, rendered in
# Debian's Chromium by AlertPagesBrowserTests. Tests write their screenshots to a temporary folder; only this command,
# through SIGNALS_WRITE_SCREENSHOTS=1, writes into the repository.
set -euo pipefail
cd "$(dirname "$0")/.."
SIGNALS_WRITE_SCREENSHOTS=1 dotnet test tests/Signals.Tests -c Release --filter "FullyQualifiedName~AlertPagesBrowserTests" "$@"
git status --short docs/screenshots
