#!/usr/bin/env bash
# Runs every test against real engines: a throwaway PostgreSQL cluster on 127.0.0.1 and the
# SMTP sink that tests start themselves (Debian's python3-aiosmtpd), Chromium for the e-mail
# screenshot and npx for the Dockerfile lint. Installs what is missing,
# stops what it started, and ends with the line "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

need_apt=()
command -v /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_apt+=(postgresql)
/usr/bin/python3 -c 'import aiosmtpd' >/dev/null 2>&1 || need_apt+=(python3-aiosmtpd)
[ -x /usr/bin/chromium ] || need_apt+=(chromium)        # renders the alert e-mail to a PNG
command -v npx >/dev/null 2>&1 || need_apt+=(npm)       # dockerfile-utils lints the Dockerfile
/usr/bin/python3 -c 'import torch, onnx' >/dev/null 2>&1 || need_apt+=(python3-torch python3-onnx libopenblas0-pthread)   # FineTuneTests: the MiniLM fine-tune on a tiny sample
# TranslationTests: French read through Apertium fr→ca→en, pinned as in the Dockerfile (bookworm's versions).
command -v apertium >/dev/null 2>&1 && apertium -l 2>/dev/null | grep -qx ' *cat-eng' && apertium -l 2>/dev/null | grep -qx ' *fra-cat' \
  || need_apt+=(apertium=3.8.3-1+b2 apertium-fra-cat=1.10.0-1 apertium-eng-cat=1.0.1-5)
# SIGNALS_TEST_APT=1 runs apt even when nothing is missing (to check the lock wait below).
[ "${SIGNALS_TEST_APT:-0}" = 1 ] && [ ${#need_apt[@]} -eq 0 ] && need_apt+=(postgresql python3-aiosmtpd)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "test.sh: installing ${need_apt[*]} (waiting up to 5 min for another apt or dpkg to finish)"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  # On a shared machine another apt often holds the dpkg lock (/var/lib/dpkg/lock-frontend, an fcntl lock) or the
  # lists lock: wait for it instead of failing at once. DPkg::Lock::Timeout covers both in apt >= 2.0.
  APT_WAIT=(-o DPkg::Lock::Timeout=300)
  $SUDO apt-get "${APT_WAIT[@]}" update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get "${APT_WAIT[@]}" install -y -qq "${need_apt[@]}" >/dev/null \
    || { echo "test.sh: could not install ${need_apt[*]}"; echo "0 passed, 1 failed, 0 skipped"; exit 1; }
  echo "test.sh: installed"
fi
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)

WORK=$(mktemp -d /tmp/signals-test.XXXXXX)
chmod 755 "$WORK"
PGDATA="$WORK/pg"
PGPORT=${SIGNALS_TEST_PGPORT:-55432}
while (echo > /dev/tcp/127.0.0.1/$PGPORT) >/dev/null 2>&1; do PGPORT=$((PGPORT + 1)); done

as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  as_postgres "$PGBIN/pg_ctl" -D "$PGDATA" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

mkdir -p "$PGDATA"
[ "$(id -u)" = 0 ] && chown postgres:postgres "$PGDATA" "$WORK"
as_postgres "$PGBIN/initdb" -D "$PGDATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$WORK/initdb.log" 2>&1 \
  || { cat "$WORK/initdb.log"; echo "0 passed, 1 failed, 0 skipped"; exit 1; }
as_postgres "$PGBIN/pg_ctl" -D "$PGDATA" -l "$WORK/pg.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $PGPORT -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c unix_socket_directories=$WORK -c max_connections=200" start >/dev/null \
  || { cat "$WORK/pg.log"; echo "0 passed, 1 failed, 0 skipped"; exit 1; }
echo "test.sh: PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PGPORT"

export SIGNALS_TEST_POSTGRES="Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=postgres;Pooling=true"
export SIGNALS_TEST_PGBIN="$PGBIN"
export SIGNALS_TEST_PGDATA="$PGDATA"
export SIGNALS_TEST_PYTHON=/usr/bin/python3

# Tests write to temporary folders only: what git sees must be the same after the run as before it (docs/screenshots are
# refreshed by scripts/screenshots.sh, not by the tests).
git_state() { git -C "$ROOT" status --porcelain=v1 --untracked-files=all 2>/dev/null | sort; }
GIT_BEFORE=$(git_state)

RESULTS="$WORK/results"
# A line per finished test (normal verbosity), so a long run shows where it is.
echo "test.sh: building and running the tests (Release); a line per test follows"
dotnet test Signals.sln -c Release --logger "trx;LogFileName=tests.trx" --logger "console;verbosity=normal" --results-directory "$RESULTS" "$@" 2>&1 | tee "$WORK/dotnet-test.log"
status=${PIPESTATUS[0]}

# The trx files say what dotnet test's console summary does not: the tests a clone without ../shared could not run (one
# line says why), the failed tests named again with their messages just before the summary (CI keeps only the tail of
# the output), and last the summary line itself, counted from each result's outcome (scripts/trx-report.py).
report=$(/usr/bin/python3 scripts/trx-report.py "$RESULTS") || report=""
[ -z "$report" ] || sed '$d' <<<"$report"
summary=$(tail -n 1 <<<"$report")
# No summary (the report could not read the results) or nothing run by a failed dotnet test: a failure, never a pass.
if ! [[ "$summary" =~ ^[0-9]+\ passed,\ [0-9]+\ failed,\ [0-9]+\ skipped$ ]] \
   || { [ "$summary" = "0 passed, 0 failed, 0 skipped" ] && [ "$status" -ne 0 ]; }; then
  summary="0 passed, 1 failed, 0 skipped"; status=1
fi
GIT_AFTER=$(git_state)
# scripts/screenshots.sh asks for docs/screenshots to be written (SIGNALS_SCREENSHOTS_DIR): only then may files change.
if [ "$GIT_BEFORE" != "$GIT_AFTER" ] && [ -z "${SIGNALS_SCREENSHOTS_DIR:-}" ]; then
  echo "test.sh: the tests changed files of the repository (tests must write to temporary folders only):"
  diff <(echo "$GIT_BEFORE") <(echo "$GIT_AFTER") | grep '^[<>]' | sed 's/^/  /'
  read -r p f s_ _ <<<"$(echo "$summary" | tr -d ',' | awk '{print $1, $3, $5}')"
  summary="$p passed, $((f + 1)) failed, $s_ skipped"
  status=1
fi
echo "$summary"
exit $status
