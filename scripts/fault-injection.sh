#!/usr/bin/env bash
# Repeatable fault injection on loopback, bounded in time (about 8 min): a throwaway PostgreSQL and an aiosmtpd sink
# (Maildir), the built worker (dotnet build -c Release first). Kills the worker with SIGKILL at random moments during a
# replay and during `run`, stops PostgreSQL and the SMTP server for a while in the middle of each, then lets the worker
# finish and prints: posts expected / stored / doubled, alerts by state, e-mails received and duplicate Message-Ids.
# Issue 22 adds: a replayed post with a 6 KB id (item 1), a drop file replaced by a longer one during `run` (item 6), and
# a last phase with four feeds dripping their answers, one asking to wait 31 years (items 3 and 4) beside a healthy feed,
# whose reading gaps are printed.
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

# A post whose id is 6 KB of random characters (PostgreSQL's btree takes at most 2,704 bytes), beside a good one (issue 22, item 1).
/usr/bin/python3 - "$WORK/long-id.jsonl" <<'PY'
import json, random, sys
random.seed(22)
long_id = "".join(chr(random.randint(0x21, 0x2FF)) for _ in range(6000))
with open(sys.argv[1], "w") as f:
    f.write(json.dumps({"id": long_id, "author": "x1", "createdAt": "2017-07-20T07:00:00Z", "text": "Levothyrox: crampes et fatigue"}) + "\n")
    f.write(json.dumps({"id": "after-long-id", "author": "x2", "createdAt": "2017-07-20T08:00:00Z", "text": "Levothyrox: vertiges"}) + "\n")
PY

# 1. Replay: three kills at random moments, the database stopped for 8 s and the SMTP server for 10 s, then to the end.
log "replay of $(wc -l <"$DEMO") posts: kills at random moments"
for k in 1 2 3; do
  start_worker replay "$DEMO" "$WORK/long-id.jsonl"; delay=$((2 + RANDOM % 12)); sleep "$delay"; log "  kill -9 after ${delay} s"; kill9
done
start_worker replay "$DEMO" "$WORK/long-id.jsonl"; sleep 4; log "  PostgreSQL stopped for 8 s"; pg_stop; sleep 8; pg_start
wait "$WORKERPID"; log "  replay ended with exit $? (69: the database went away; rerun)"; WORKERPID=
smtp_stop; log "  SMTP server stopped"
start_worker replay "$DEMO" "$WORK/long-id.jsonl"; sleep $((3 + RANDOM % 6)); log "  kill -9 (SMTP down)"; kill9
start_worker replay "$DEMO" "$WORK/long-id.jsonl"; sleep 10; smtp_start; log "  SMTP server back"
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
# Issue 22, item 6: the file read first is replaced by a longer one with 500 new posts first, then its 500 old ones.
replace_f0() { /usr/bin/python3 - "$WORK/inbox/f0.jsonl" "$day" <<'PY'
import json, os, sys
path, day = sys.argv[1], sys.argv[2]
with open(path + ".tmp", "w") as f:
    for i in list(range(4000, 4500)) + list(range(0, 500)):
        f.write(json.dumps({"id": f"run-{i}", "author": f"a{i % 97}", "createdAt": f"{day}T{(i // 60) % 24:02d}:{i % 60:02d}:00Z",
                            "text": f"Depuis le nouveau Levothyrox j'ai des crampes ({i})"}) + "\n")
os.rename(path + ".tmp", path)
PY
}
log "run: 4500 posts in 8 files (one replaced by a longer one), kills at random moments"
start_worker run
for n in 0 1 2 3 4 5 6 7; do
  write_file "$n"; sleep $((1 + RANDOM % 5))
  case $n in
    2|5) log "  kill -9 and restart"; kill9; start_worker run ;;
    3) log "  PostgreSQL stopped for 15 s"; pg_stop; sleep 15; pg_start ;;
    4) log "  f0.jsonl replaced (renamed over) by a longer file that starts with 500 other posts"; replace_f0 ;;
    6) log "  SMTP server stopped for 10 s"; smtp_stop; sleep 10; smtp_start ;;
  esac
done
for i in $(seq 1 90); do [ "$(psql_n "SELECT COUNT(*) FROM posts WHERE external_id LIKE 'run-%'")" = 4500 ] && break; sleep 1; done
for i in $(seq 1 60); do [ "$(psql_n "SELECT COUNT(*) FROM alerts WHERE status = 0")" = 0 ] && break; sleep 1; done
kill -TERM "$WORKERPID"; wait "$WORKERPID"; log "  run stopped by SIGTERM, exit $?"; WORKERPID=

# 3. Issue 22, items 3 and 4: four feeds dripping their answers (a byte a second, more than the 15 s read deadline), one
# answering 429 with Retry-After: 1000000000, and a healthy RSS feed due every 10 s, four parallel slots; 75 s of `run`.
cat > "$WORK/slow.py" <<'PY'
import http.server, sys, time
log = open(sys.argv[2], "a", buffering=1)
RSS = ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>h</title><link>http://h.example/</link><description>d</description>'
       '<item><guid>healthy-1</guid><title>Levothyrox: crampes</title><pubDate>Mon, 17 Jul 2017 08:00:00 GMT</pubDate></item></channel></rss>').encode()
class H(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *a): pass
    def do_GET(self):
        if self.path.startswith("/busy"):
            self.send_response(429); self.send_header("Retry-After", "1000000000"); self.send_header("Content-Length", "0"); self.end_headers(); return
        if self.path.startswith("/drip"):
            self.send_response(200); self.send_header("Content-Type", "application/rss+xml"); self.send_header("Content-Length", str(len(RSS))); self.end_headers()
            try:
                for b in RSS: self.wfile.write(bytes([b])); self.wfile.flush(); time.sleep(1)
            except OSError: pass
            return
        log.write(f"{time.time():.3f}\n")
        self.send_response(200); self.send_header("Content-Type", "application/rss+xml"); self.send_header("Content-Length", str(len(RSS))); self.end_headers()
        self.wfile.write(RSS)
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
PY
HTTPPORT=$(free_port); /usr/bin/python3 "$WORK/slow.py" "$HTTPPORT" "$WORK/healthy.log" & HTTPPID=$!; sleep 1
H="http://127.0.0.1:$HTTPPORT"
cat > "$WORK/feeds.json" <<JSON
{ "feeds": [ { "name": "drop", "type": "jsonl", "location": "$WORK/inbox", "interval": "00:00:10" },
  { "name": "drip-1", "type": "rss", "location": "$H/drip/1", "interval": "00:00:10" }, { "name": "drip-2", "type": "rss", "location": "$H/drip/2", "interval": "00:00:10" },
  { "name": "drip-3", "type": "rss", "location": "$H/drip/3", "interval": "00:00:10" }, { "name": "drip-4", "type": "rss", "location": "$H/drip/4", "interval": "00:00:10" },
  { "name": "busy", "type": "rss", "location": "$H/busy", "interval": "00:00:10" }, { "name": "healthy", "type": "rss", "location": "$H/healthy", "interval": "00:00:10" } ] }
JSON
log "run: four dripping feeds, one asking to wait 31 years, one healthy (every 10 s), 4 slots, for 75 s"
Signals__Feeds__RequestTimeout=00:00:15 Signals__Feeds__AttemptTimeout=00:00:15 Signals__Feeds__MaxParallelFeeds=4 \
  Signals__Feeds__MaxBackoff=00:00:30 Signals__Feeds__MaxRequestsPerHost=8 start_worker run
sleep 75
health=$(/usr/bin/python3 -c 'import sys, urllib.request
try: print(urllib.request.urlopen(sys.argv[1]).read().decode())
except Exception as e: print(e.read().decode() if hasattr(e, "read") else e)' "http://127.0.0.1:$Signals__Health__Port/health/ready")
kill -TERM "$WORKERPID"; wait "$WORKERPID"; log "  run stopped by SIGTERM, exit $?"; WORKERPID=
kill "$HTTPPID" 2>/dev/null; wait "$HTTPPID" 2>/dev/null
healthy=$(/usr/bin/python3 -c 'import sys
t = [float(l) for l in open(sys.argv[1]) if l.strip()]
gaps = [b - a for a, b in zip(t, t[1:])]
shown = ", ".join("%.1f" % g for g in gaps)
print("%d reads in 75 s, gaps %s s; longest after the first read %.1f s" % (len(t), shown, max(gaps[1:], default=0)))' "$WORK/healthy.log")

# 4. The tally.
replay_expected=8280   # posts of the demo about watched products (the replay's own count on a clean run), and the 2 of long-id.jsonl
echo
echo "seed $SEED"
echo "posts  replay: expected $replay_expected, stored $(psql_n "SELECT COUNT(*) FROM posts WHERE external_id NOT LIKE 'run-%' AND source <> 'healthy'"), doubled $(psql_n "SELECT COUNT(*) - COUNT(DISTINCT (source, external_id)) FROM posts WHERE external_id NOT LIKE 'run-%'"), longest id $(psql_n "SELECT MAX(octet_length(external_id)) FROM posts") bytes"
echo "posts  run:    expected 4500, stored $(psql_n "SELECT COUNT(*) FROM posts WHERE external_id LIKE 'run-%'"), doubled $(psql_n "SELECT COUNT(*) - COUNT(DISTINCT (source, external_id)) FROM posts WHERE external_id LIKE 'run-%'")"
echo "alerts: $(psql_n "SELECT COUNT(*) FROM alerts") ($(psql_n "SELECT COUNT(*) FROM alerts WHERE status = 1") sent, $(psql_n "SELECT COUNT(*) FROM alerts WHERE status = 2") covered, $(psql_n "SELECT COUNT(*) FROM alerts WHERE status = 0") pending)"
ids=$(grep -h -i '^Message-Id:' "$WORK"/maildir/new/* "$WORK"/maildir/cur/* 2>/dev/null | sort)
echo "e-mails received: $(printf '%s\n' "$ids" | grep -c . ), distinct Message-Ids: $(printf '%s\n' "$ids" | grep . | sort -u | wc -l), duplicated Message-Ids: $(printf '%s\n' "$ids" | grep . | uniq -d | wc -l)"
echo "healthy feed: $healthy"
echo "busy feed (Retry-After: 1000000000): next check $(psql_n "SELECT EXTRACT(EPOCH FROM next_check_at - last_checked_at)::int FROM feeds WHERE name = 'busy'") s after its last check (cap: MaxBackoff 30 s)"
echo "health feeds check: $(printf '%s' "$health" | /usr/bin/python3 -c 'import json, sys
try:
    d = json.load(sys.stdin); c = [x for x in d.get("checks", d.get("entries", [])) if (x.get("name") or x.get("Name")) == "feeds"]
    print(json.dumps(c[0]) if c else d)
except Exception as e: print("unreadable:", e)' | cut -c1-400)"
echo "worker log: $(grep -c . "$WORK/worker.log") lines, stack traces: $(grep -c '^   at ' "$WORK/worker.log"), exits 134: $(grep -c 'Unhandled exception' "$WORK/worker.log")"
