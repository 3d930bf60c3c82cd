#!/bin/sh
# Starts Payara Micro with Roleport. The data grid (sessions shared between instances) is set from the environment:
#   ROLEPORT_CLUSTER_MODE  none | dns:<name>:<port> | tcpip:<host>:<port>,... | multicast:<group>:<port>
#   ROLEPORT_CLUSTER_NAME  the grid's name (instances of one installation share it)
#   ROLEPORT_HTTP_THREADS  Payara's HTTP worker threads (default 8: on 2 cores, 8 served more pages a second and a
#                          lower p99 than Payara's default pool, whose ~100 threads queued on locks; docs/performance.md)
# Payara Micro stops on SIGTERM (exec: it is PID 1's only child); Roleport's worker then finishes or releases the
# step in flight within roleport.shutdown.grace.
set -eu
home="${ROLEPORT_PAYARA_HOME:-/opt/payara}"
threads="${ROLEPORT_HTTP_THREADS:-8}"
case "$threads" in
  '' | *[!0-9]* | 0*)
    echo "roleport: ROLEPORT_HTTP_THREADS must be a whole number from 1 (for example 8), not '$threads'" >&2
    exit 64 ;;
esac
# The image's preboot commands, then the thread pool from the environment (a file of this start's own).
preboot="$(mktemp "${TMPDIR:-/tmp}/roleport-preboot.XXXXXX")"
cat "$home/payara-preboot.asadmin" > "$preboot"
pool=configs.config.server-config.thread-pools.thread-pool.http-thread-pool
printf 'set %s.max-thread-pool-size=%s\nset %s.min-thread-pool-size=%s\n' "$pool" "$threads" "$pool" "$threads" >> "$preboot"
if [ "${ROLEPORT_CLUSTER_MODE:-none}" = "none" ]; then
  set -- --nocluster --nohazelcast "$@"
else
  set -- --clustermode "$ROLEPORT_CLUSTER_MODE" --clustername "${ROLEPORT_CLUSTER_NAME:-roleport}" \
    --startport 6900 "$@"
fi
# DRBG as the default SecureRandom (java.security.egd): NativePRNG serialises every view-state id and CSP nonce on one
# lock for the whole JVM (docs/performance.md, fourth run).
exec java -Djava.security.egd=file:/dev/./urandom -jar "$home/payara-micro.jar" \
  --deploy "$home/deployments/roleport.war" --contextroot / --port 8080 \
  --prebootcommandfile "$preboot" "$@"
