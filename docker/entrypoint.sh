#!/bin/sh
# Starts Payara Micro with Roleport. The data grid (sessions shared between instances) is set from the environment:
#   ROLEPORT_CLUSTER_MODE  none | dns:<name>:<port> | tcpip:<host>:<port>,... | multicast:<group>:<port>
#   ROLEPORT_CLUSTER_NAME  the grid's name (instances of one installation share it)
# Payara Micro stops on SIGTERM (exec: it is PID 1's only child); Roleport's worker then finishes or releases the
# step in flight within roleport.shutdown.grace.
set -eu
if [ "${ROLEPORT_CLUSTER_MODE:-none}" = "none" ]; then
  set -- --nocluster --nohazelcast "$@"
else
  set -- --clustermode "$ROLEPORT_CLUSTER_MODE" --clustername "${ROLEPORT_CLUSTER_NAME:-roleport}" \
    --startport 6900 "$@"
fi
exec java -jar /opt/payara/payara-micro.jar \
  --deploy /opt/payara/deployments/roleport.war --contextroot / --port 8080 \
  --prebootcommandfile /opt/payara/payara-preboot.asadmin "$@"
