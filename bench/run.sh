#!/usr/bin/env bash
# The benchmark of issue #13 in one command (see docs/performance.md):
#   bench/run.sh [--sessions N] [--only /orgs/globex/clusters,...]
# Builds the WAR if needed, adds the baseline servlet (bench/BaselineServlet.java) to a copy of it (never to the
# production WAR), starts local mode on that copy with its own data folder .bench/ (fresh each run), seeds 10,000
# organizations and 100,000 clusters (plus 1,000 clusters in globex), signs in through the local IdP, runs wrk on
# each URL and prints the table. With BENCH_BASE=http://host:port it uses a running portal instead (the baseline
# servlet and the SELECT counts are then only there if that portal is a bench one).
# Environment: DURATION (default 10s per URL); WARMUP (default 60s: wrk runs that long on each URL first, unrecorded,
# then on, 20 s at a time, until Payara's JIT compiler used under 1 s of CPU in 20 s, so that the pages' code is
# compiled before it is measured; WARMUP=0 measures a cold server). The CPU per request leaves the compiler out.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=target/bench
mkdir -p "$OUT"
SESSIONS=0
ONLY=()
while [ $# -gt 0 ]; do
  case "$1" in
    --sessions) SESSIONS=$2; shift 2 ;;
    --only) ONLY=(--only "$2"); shift 2 ;;
    *) echo "usage: bench/run.sh [--sessions N] [--only URL,...]" >&2; exit 2 ;;
  esac
done

if ! command -v wrk >/dev/null; then
  echo "Installing wrk (Debian package) ..."
  if [ "$(id -u)" = 0 ]; then apt-get install -y wrk; else sudo apt-get install -y wrk; fi
fi

# Built again when missing or older than a source (a stale WAR would measure other code than the checkout's).
if [ ! -f target/roleport.war ] || [ ! -f target/payara-micro.jar ] || [ ! -d target/test-classes ] \
    || [ -n "$(find src webapp pom.xml -newer target/roleport.war -type f -print -quit)" ]; then
  echo "Building the WAR ..."
  mvn -q package -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
fi
if [ ! -f "$OUT/classpath.txt" ]; then
  mvn -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$OUT/classpath.txt"
fi
CP="target/test-classes:target/classes:$(cat "$OUT/classpath.txt")"

# The baseline servlet, compiled into a copy of the WAR.
rm -rf "$OUT/war" && mkdir -p "$OUT/war/WEB-INF/classes"
javac -nowarn -d "$OUT/war/WEB-INF/classes" -cp "$CP" bench/BaselineServlet.java
cp target/roleport.war "$OUT/roleport-bench.war"
(cd "$OUT/war" && jar uf "$ROOT/$OUT/roleport-bench.war" WEB-INF)

BASE=${BENCH_BASE:-}
LOCAL_PID=
cleanup() {
  if [ -n "$LOCAL_PID" ]; then
    kill "$LOCAL_PID" 2>/dev/null || true   # local mode stops Payara, the IdP, the simulator and MariaDB
    wait "$LOCAL_PID" 2>/dev/null || true
  fi
}
trap cleanup EXIT
if [ -z "$BASE" ]; then
  BASE=http://127.0.0.1:8080
  echo "Starting local mode (data in .bench/, log in $OUT/local-mode.log) ..."
  # --sessions signs in hundreds of times from one address: lift the sign-in limits (429 after 30 a minute) for this
  # portal only (MicroProfile Config reads them from the environment Payara inherits).
  export ROLEPORT_LIMITS_SIGNINS_PER_MINUTE_PER_ADDRESS=1000000 ROLEPORT_LIMITS_SIGNINS_PER_MINUTE_PER_PERSON=1000000
  java -Droleport.war="$OUT/roleport-bench.war" -Droleport.local=.bench -cp "$CP" io.roleport.local.LocalMode --fresh \
    > "$OUT/local-mode.log" 2>&1 &
  LOCAL_PID=$!
  for _ in $(seq 1 600); do
    if grep -q "Roleport is running" "$OUT/local-mode.log"; then break; fi
    if ! kill -0 "$LOCAL_PID" 2>/dev/null; then tail -50 "$OUT/local-mode.log"; exit 1; fi
    sleep 0.5
  done
  grep -q "Roleport is running" "$OUT/local-mode.log" || { echo "local mode did not start"; exit 1; }
  grep "Started in" "$OUT/local-mode.log" || true
  DB_URL=$(grep '^roleport.db.url=' .bench/roleport.properties | cut -d= -f2- | sed 's/\\:/:/g')
  DB_USER=$(grep '^roleport.db.user=' .bench/roleport.properties | cut -d= -f2-)
  DB_PASSWORD=$(grep '^roleport.db.password=' .bench/roleport.properties | cut -d= -f2-)
  java -cp "$CP" io.roleport.testenv.BulkSeed "$DB_URL" "$DB_USER" "$DB_PASSWORD" 10000 10
fi

java -cp "$CP" bench/Benchmark.java --base "$BASE" --local .bench --duration "${DURATION:-10s}" --sessions "$SESSIONS" "${ONLY[@]}" \
  --warmup "${WARMUP:-60s}" \
  | tee "$OUT/results.md"
