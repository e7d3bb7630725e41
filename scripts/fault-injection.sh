#!/usr/bin/env bash
# Repeatable fault injection on loopback, bounded in time (about 6 min): a throwaway PostgreSQL and an aiosmtpd sink
# (Maildir), the built worker (dotnet build -c Release first). Kills the worker with SIGKILL at random moments during a
# replay and during `run`, stops PostgreSQL and the SMTP server for a while in the middle of each, then lets the worker
# finish and prints: posts expected / stored / doubled, alerts by state, e-mails received and duplicate Message-Ids.
#   scripts/fault-injection.sh [SEED]        (same seed, same kill moments)
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
SEED=${1:-17}
RANDOM=$SEED
DLL="$ROOT/src/Signals.Worker/bin/Release/net10.0/linux-x64/signals.dll"
[ -f "$DLL" ] || { echo "fault-injection: build first: dotnet build -c Release"; exit 1; }
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
/usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null || { echo "fault-injection: needs python3-aiosmtpd (scripts/test.sh installs it)"; exit 1; }

WORK=$(mktemp -d /tmp/signals-faults.XXXXXX); chmod 755 "$WORK"
free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
PGPORT=$(free_port); SMTPPORT=$(free_port)
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
pg_start() { as_postgres "$PGBIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg.log" -w -o "-c listen_addresses=127.0.0.1 -p $PGPORT -c unix_socket_directories=$WORK" start >/dev/null; }
pg_stop() { as_postgres "$PGBIN/pg_ctl" -D "$WORK/pg" -m fast -w stop >/dev/null; }
smtp_start() { /usr/bin/python3 -m aiosmtpd -n -l "127.0.0.1:$SMTPPORT" -c aiosmtpd.handlers.Mailbox "$WORK/maildir" >>"$WORK/smtp.log" 2>&1 & SMTPPID=$!; sleep 1; }
smtp_stop() { kill "$SMTPPID" 2>/dev/null; wait "$SMTPPID" 2>/dev/null; }
WORKERPID=
cleanup() {
  [ -n "$WORKERPID" ] && kill -9 "$WORKERPID" 2>/dev/null
  smtp_stop; as_postgres "$PGBIN/pg_ctl" -D "$WORK/pg" -m immediate stop >/dev/null 2>&1
  rm -rf "$WORK"
}
trap cleanup EXIT
mkdir -p "$WORK/pg" "$WORK/maildir/tmp" "$WORK/maildir/new" "$WORK/maildir/cur" "$WORK/inbox"; [ "$(id -u)" = 0 ] && chown postgres:postgres "$WORK/pg" "$WORK"
as_postgres "$PGBIN/initdb" -D "$WORK/pg" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null   # fsync on, as in production
pg_start; smtp_start
DB="Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=postgres;Timeout=5"
psql_n() { as_postgres "$PGBIN/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -tAc "$1" postgres 2>/dev/null || echo "?"; }

export Signals__Storage__Provider=postgres Signals__Storage__ConnectionString="$DB" Signals__Storage__PseudonymKey=fault-injection-key-of-32-bytes-at-least
export Signals__Email__SmtpHost=127.0.0.1 Signals__Email__SmtpPort=$SMTPPORT Signals__Email__DispatchInterval=00:00:02
export Signals__Email__MaxRetryInterval=00:00:05 Signals__Email__Retries=1 Signals__Email__RetryDelay=00:00:00.2
export Signals__Health__Host=127.0.0.1 Signals__Health__Port=$(free_port) Signals__Health__MetricsPort=0
export Signals__Feeds__SchedulerTick=00:00:01 Signals__Feeds__FeedsFile="$WORK/feeds.json"
DEMO="$ROOT/samples/demo-levothyrox-2017.jsonl"
log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*"; }
start_worker() { (cd "$WORK" && exec dotnet "$DLL" "$@" >>"$WORK/worker.log" 2>&1) & WORKERPID=$!; }
kill9() { kill -9 "$WORKERPID" 2>/dev/null; wait "$WORKERPID" 2>/dev/null; WORKERPID=; }

# 1. Replay: three kills at random moments, the database stopped for 8 s and the SMTP server for 10 s, then to the end.
log "replay of $(wc -l <"$DEMO") posts: kills at random moments"
for k in 1 2 3; do
  start_worker replay "$DEMO"; delay=$((2 + RANDOM % 12)); sleep "$delay"; log "  kill -9 after ${delay} s"; kill9
done
start_worker replay "$DEMO"; sleep 4; log "  PostgreSQL stopped for 8 s"; pg_stop; sleep 8; pg_start
wait "$WORKERPID"; log "  replay ended with exit $? (69: the database went away; rerun)"; WORKERPID=
smtp_stop; log "  SMTP server stopped"
start_worker replay "$DEMO"; sleep $((3 + RANDOM % 6)); log "  kill -9 (SMTP down)"; kill9
start_worker replay "$DEMO"; sleep 10; smtp_start; log "  SMTP server back"
wait "$WORKERPID"; log "  replay ended with exit $?"; WORKERPID=

# 2. run: a drop folder fed 4,000 posts in 8 files while the worker is killed, the database and the SMTP server stopped.
echo "{ \"feeds\": [ { \"name\": \"drop\", \"type\": \"jsonl\", \"location\": \"$WORK/inbox\", \"interval\": \"00:00:10\" } ] }" > "$WORK/feeds.json"
day=$(date -u -d yesterday +%Y-%m-%d)
write_file() { /usr/bin/python3 - "$WORK/inbox/f$1.jsonl" "$1" "$day" <<'PY'
import json, sys
path, n, day = sys.argv[1], int(sys.argv[2]), sys.argv[3]
with open(path + ".tmp", "w") as f:
    for i in range(n * 500, n * 500 + 500):
        f.write(json.dumps({"id": f"run-{i}", "author": f"a{i % 97}", "createdAt": f"{day}T{(i // 60) % 24:02d}:{i % 60:02d}:00Z",
                            "text": f"Depuis le nouveau Levothyrox j'ai des crampes ({i})"}) + "\n")
import os; os.rename(path + ".tmp", path)
PY
}
log "run: 4000 posts in 8 files, kills at random moments"
start_worker run
for n in 0 1 2 3 4 5 6 7; do
  write_file "$n"; sleep $((1 + RANDOM % 5))
  case $n in
    2|5) log "  kill -9 and restart"; kill9; start_worker run ;;
    3) log "  PostgreSQL stopped for 15 s"; pg_stop; sleep 15; pg_start ;;
    6) log "  SMTP server stopped for 10 s"; smtp_stop; sleep 10; smtp_start ;;
  esac
done
for i in $(seq 1 90); do [ "$(psql_n "SELECT COUNT(*) FROM posts WHERE external_id LIKE 'run-%'")" = 4000 ] && break; sleep 1; done
for i in $(seq 1 60); do [ "$(psql_n "SELECT COUNT(*) FROM alerts WHERE status = 0")" = 0 ] && break; sleep 1; done
kill -TERM "$WORKERPID"; wait "$WORKERPID"; log "  run stopped by SIGTERM, exit $?"; WORKERPID=

# 3. The tally.
replay_expected=8278   # posts of the demo about watched products (the replay's own count on a clean run)
echo
echo "seed $SEED"
echo "posts  replay: expected $replay_expected, stored $(psql_n "SELECT COUNT(*) FROM posts WHERE external_id NOT LIKE 'run-%'"), doubled $(psql_n "SELECT COUNT(*) - COUNT(DISTINCT (source, external_id)) FROM posts WHERE external_id NOT LIKE 'run-%'")"
echo "posts  run:    expected 4000, stored $(psql_n "SELECT COUNT(*) FROM posts WHERE external_id LIKE 'run-%'"), doubled $(psql_n "SELECT COUNT(*) - COUNT(DISTINCT (source, external_id)) FROM posts WHERE external_id LIKE 'run-%'")"
echo "alerts: $(psql_n "SELECT COUNT(*) FROM alerts") ($(psql_n "SELECT COUNT(*) FROM alerts WHERE status = 1") sent, $(psql_n "SELECT COUNT(*) FROM alerts WHERE status = 2") covered, $(psql_n "SELECT COUNT(*) FROM alerts WHERE status = 0") pending)"
ids=$(grep -h -i '^Message-Id:' "$WORK"/maildir/new/* "$WORK"/maildir/cur/* 2>/dev/null | sort)
echo "e-mails received: $(printf '%s\n' "$ids" | grep -c . ), distinct Message-Ids: $(printf '%s\n' "$ids" | grep . | sort -u | wc -l), duplicated Message-Ids: $(printf '%s\n' "$ids" | grep . | uniq -d | wc -l)"
echo "worker log: $(grep -c . "$WORK/worker.log") lines, stack traces: $(grep -c '^   at ' "$WORK/worker.log"), exits 134: $(grep -c 'Unhandled exception' "$WORK/worker.log")"
