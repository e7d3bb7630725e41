#!/usr/bin/env bash
# Refreshes the pictures in docs/screenshots (tests never write there; scripts/test.sh leaves `git status` clean):
#   - the review page (review-*.png): the browser test that checks them writes them here when SIGNALS_SCREENSHOTS_DIR is set;
#   - the alert e-mails of the demo replay (alert-desktop.png, alert-phone.png, alert-update-desktop.png), rendered by
#     headless Chromium with scripts/screenshot-alert.py.
# Needs what scripts/test.sh needs (it runs the browser test through it: PostgreSQL, Chromium). Then review the diff and commit.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
OUT="$ROOT/docs/screenshots"
mkdir -p "$OUT"

SIGNALS_SCREENSHOTS_DIR="$OUT" scripts/test.sh --filter "FullyQualifiedName~Signals.Tests.Review.ReviewBrowserTests"

WORK=$(mktemp -d /tmp/signals-screenshots.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
dotnet build src/Signals.Worker -c Release -v quiet -nologo >/dev/null
SIGNALS_DLL=$(find "$ROOT/src/Signals.Worker/bin/Release" -name signals.dll -path '*net10.0*' | head -n 1)
(cd "$WORK" && Signals__Storage__ConnectionString="Data Source=$WORK/signals.db" Signals__Email__PickupDirectory="$WORK/outbox" \
  dotnet "$SIGNALS_DLL" replay "$ROOT/samples/demo-levothyrox-2017.jsonl" >/dev/null)
first=$(ls "$WORK"/outbox/*.eml | grep -v -- '-update-' | grep -v -- '-closed' | head -n 1)
update=$(ls "$WORK"/outbox/*-update-*.eml | sort -V | tail -n 1)
/usr/bin/python3 scripts/screenshot-alert.py "$first" "$OUT/alert-desktop.png" 800 1500
/usr/bin/python3 scripts/screenshot-alert.py "$first" "$OUT/alert-phone.png" 390 1900
/usr/bin/python3 scripts/screenshot-alert.py "$update" "$OUT/alert-update-desktop.png" 800 1500
echo "screenshots.sh: docs/screenshots refreshed; see git status"
