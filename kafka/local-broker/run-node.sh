#!/usr/bin/env bash
# Runs one local Kafka node (a JVM) as a child of this shell and ties its life to
# our stdin: when the process that started us exits, even by kill -9, the pipe
# closes and the JVM gets SIGTERM, so no broker outlives a test run or the demo.
# Prints "pid <jvm pid>" first, so the caller can signal the JVM itself
# (kill -9 a node in the failover tests). Exits with the JVM's status.
#   run-node.sh LOGFILE java ARGS...
set -u
log="$1"
shift
exec 3<&0
"$@" </dev/null >>"$log" 2>&1 &
jvm=$!
echo "pid $jvm"
( while read -r _ <&3; do :; done; kill -TERM "$jvm" 2>/dev/null ) &
watcher=$!
exec 3<&-
wait "$jvm" 2>/dev/null # no "Killed" line from bash when a test kill -9s the JVM
status=$?
kill "$watcher" 2>/dev/null
exit "$status"
