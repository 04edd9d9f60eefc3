#!/usr/bin/env bash
# Smoke test: the same server runs under Deno. Starts `deno task start` on a
# free port with a temporary DATA_DIR (plain http), waits for /healthz, then
# checks that WebFinger finds the instance actor and that its document is an
# Application. Exits non-zero with the server's log on any failure.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
# Deno is not a project dependency (its npm package lists platform binaries the
# registry mirror lacks, which breaks npm ci): .ci/run installs it into a cache.
DENO="${DENO:-$HOME/.cache/encommun-deno/node_modules/.bin/deno}"
TIMEOUT="${SMOKE_TIMEOUT:-60}"

[ -x "$DENO" ] || { echo "deno-smoke: $DENO not found (set DENO, or let .ci/run install it)" >&2; exit 1; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/encommun-deno-smoke.XXXXXX")"
LOG="$WORK/server.log"
PID=""

cleanup() {
  if [ -n "$PID" ] && kill -0 "$PID" 2>/dev/null; then
    # deno task runs the server as a child in its own process group: stop the group.
    kill -TERM -- "-$PID" 2>/dev/null || kill -TERM "$PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$PID" 2>/dev/null || kill -KILL "$PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

fail() {
  echo "deno-smoke: FAILED: $*" >&2
  echo "----- server log -----" >&2
  cat "$LOG" >&2 2>/dev/null || true
  echo "----- end of log -----" >&2
  exit 1
}

PORT="$(node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')"
HOST="localhost:$PORT"
ORIGIN="http://$HOST"
echo "deno-smoke: $("$DENO" --version | head -n 1), starting on $ORIGIN"

START=("$DENO" task start)
echo "deno-smoke: ${START[*]#"$ROOT/"}"

mkdir -p "$WORK/data"
# setsid: the server gets its own process group, so cleanup reaches all its processes.
(
  cd "$ROOT"
  exec setsid env \
    PORT="$PORT" HOST=127.0.0.1 PUBLIC_URL="$ORIGIN" \
    DATA_DIR="$WORK/data" DATABASE_URL="sqlite:$WORK/data/encommun.sqlite" \
    LOG_LEVEL=info NO_COLOR=1 \
    "${START[@]}"
) >"$LOG" 2>&1 &
PID=$!

deadline=$((SECONDS + TIMEOUT))
until [ "$(curl -s -m 5 -o /dev/null -w '%{http_code}' "$ORIGIN/healthz" 2>/dev/null)" = "200" ]; do
  kill -0 "$PID" 2>/dev/null || fail "the server exited before answering /healthz"
  [ "$SECONDS" -lt "$deadline" ] || fail "no 200 from /healthz within ${TIMEOUT}s"
  sleep 0.5
done
echo "deno-smoke: /healthz answered 200"

JRD="$(curl -sf -m 60 -H 'Accept: application/jrd+json' "$ORIGIN/.well-known/webfinger?resource=acct:$HOST@$HOST")" \
  || fail "WebFinger for acct:$HOST@$HOST did not answer 2xx"
ACTOR_URL="$(printf '%s' "$JRD" | node -e '
  let s = ""; process.stdin.on("data", (c) => (s += c)).on("end", () => {
    const link = (JSON.parse(s).links ?? []).find((l) => l.rel === "self" && /activity\+json|ld\+json/.test(l.type ?? ""));
    if (!link?.href) process.exit(1);
    console.log(link.href);
  });')" || fail "WebFinger answer has no self link to an ActivityPub actor: $JRD"
echo "deno-smoke: WebFinger links to $ACTOR_URL"

ACTOR="$(curl -sf -m 120 -H 'Accept: application/activity+json' "$ACTOR_URL")" || fail "GET $ACTOR_URL did not answer 2xx"
TYPE="$(printf '%s' "$ACTOR" | node -e '
  let s = ""; process.stdin.on("data", (c) => (s += c)).on("end", () => console.log(JSON.parse(s).type));')" \
  || fail "the actor document is not JSON: $ACTOR"
[ "$TYPE" = "Application" ] || fail "the instance actor is a $TYPE, expected Application: $ACTOR"
echo "deno-smoke: instance actor is an Application"
echo "deno-smoke: OK"
