#!/usr/bin/env bash
# Refreshes the pictures in docs/screenshots (tests never write there; scripts/test.sh leaves `git status` clean). The
# browser tests that check the pages take the pictures; only this command points them at the repository:
#   - the review page (review-alert-*, review-evidence-*): ReviewBrowserTests, through SIGNALS_SCREENSHOTS_DIR;
#   - the "help the classifier" queue (review-queue-*): QueueBrowserTests, through SIGNALS_SCREENSHOTS_DIR;
#   - the demo replay's alert e-mails (English desktop and phone, the update, French on a phone) and its episode page
#     (alert-*, review-episode-*): AlertPagesBrowserTests, through SIGNALS_WRITE_SCREENSHOTS=1.
# Needs what scripts/test.sh needs (PostgreSQL, Chromium). Then review the diff and commit.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="$(pwd)/docs/screenshots"
mkdir -p "$OUT"
SIGNALS_SCREENSHOTS_DIR="$OUT" SIGNALS_WRITE_SCREENSHOTS=1 scripts/test.sh \
  --filter "FullyQualifiedName~Signals.Tests.Review.ReviewBrowserTests|FullyQualifiedName~Signals.Tests.Review.QueueBrowserTests|FullyQualifiedName~AlertPagesBrowserTests"
echo "screenshots.sh: docs/screenshots refreshed"
git status --short docs/screenshots
