#!/usr/bin/env bash
# paced-tail.sh DIR OUT [ENV..]: the paced p99 per request (issue #19).
# Starts the nginx mock (unless one answers on 18080) and DIR's gateway on PORT (18210) with a GC and
# safepoint log, WARM s (30) of saturation (wrk -c32), then perf/PacedClient.java: 4 keep-alive
# connections, 20 ms think time, PWARM s (20) discarded, SECS s (30) logged per request.
# DIRECT=1: first the same client straight to the mock (OUT/direct.tsv). PERF=N: perf sched trace.
# PROF=1: async-profiler (itimer, per thread) over the measured window (OUT/paced.collapsed).
# Writes OUT/requests.tsv, OUT/gc.log, OUT/gw.log, OUT/summary.txt. Extra JVM options: JOPTS.
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$(dirname "$0")/lab/gw.sh"
dir=$1; out=$2; shift 2; port=${PORT:-18210}
mkdir -p "$out"; out=$(cd "$out" && pwd)
echo "start $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)" > "$out/summary.txt"
start_mock
client() { "$JAVA_HOME/bin/java" -XX:+UseSerialGC -Xmx256m "$here/PacedClient.java" "$@"; }
if [ -n "${DIRECT:-}" ]; then
  echo -n "direct: " >> "$out/summary.txt"
  client 127.0.0.1:18080 /v1/chat/completions "$B/wrk/body.json" 5 15 4 20 "$out/direct.tsv" >> "$out/summary.txt"
fi
start_gw "$dir" "$port" "$@" \
  LUKHAS_JAVA_OPTS="-Xlog:gc*=info,safepoint=info:file=$out/gc.log:time,uptimenanos,timemillis ${JOPTS:-}"
echo "gateway pid $JPID" >> "$out/summary.txt"
wrk_run "$port" "${WARM:-30}" 32 > /dev/null
if [ -n "${PERF:-}" ]; then # a system-wide scheduler trace of PERF s, 5 s into the measured window
  ( sleep $(( ${PWARM:-20} + 5 )); perf record -q -k CLOCK_MONOTONIC -e sched:sched_switch -e sched:sched_wakeup \
      -a -o "$out/sched.data" -- sleep "$PERF" > /dev/null 2>&1 ) &
  perfpid=$!
fi
snap() { for t in /proc/$JPID/task/*; do echo "$(cat $t/comm 2>/dev/null)|$(awk '/^voluntary_ctxt_switches/{print $2}' $t/status 2>/dev/null)|$(awk '{print $14+$15}' $t/stat 2>/dev/null)|$(basename $t)"; done; }
apl=${ASYNC_PROFILER:-/tmp/apl/linux-x64/libasyncProfiler.so}
( sleep $(( ${PWARM:-20} + 1 )); snap > "$out/threads0.txt"
  [ -n "${PROF:-}" ] && jcmd "$JPID" JVMTI.agent_load $apl "start,event=itimer,interval=200us,threads" > /dev/null; echo "measured from $(date -u +%T.%N)" >> "$out/summary.txt" ) &
snappid=$!
echo -n "gateway: " >> "$out/summary.txt"
client "127.0.0.1:$port" /v1/chat/completions "$B/wrk/body.json" "${PWARM:-20}" "${SECS:-30}" 4 20 "$out/requests.tsv" >> "$out/summary.txt"
snap > "$out/threads1.txt"; wait "$snappid"
[ -n "${PROF:-}" ] && jcmd "$JPID" JVMTI.agent_load $apl "stop,file=$out/paced.collapsed,collapsed" > /dev/null
[ -n "${perfpid:-}" ] && wait "$perfpid"
grep -E 'Rss|AnonHuge' /proc/$JPID/smaps_rollup | tr -s ' ' | tr '\n' ' ' >> "$out/summary.txt"; echo >> "$out/summary.txt"
[ -n "${JSTACKS:-}" ] && jcmd "$JPID" Thread.print > "$out/threads.txt" 2>&1
echo "end $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)" >> "$out/summary.txt"
cp "$GWDIR/gw.log" "$out/gw.log" 2>/dev/null
stop_all
