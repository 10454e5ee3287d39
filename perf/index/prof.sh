#!/usr/bin/env bash
# perf/index/prof.sh DIR OUT [ENV..]: perf/cpu7/prof.sh (saturation: WARM s, 15 s with async-profiler and
# CPU µs/request, then `perf trace -s` for 5 s) plus, with PACED=1, `perf trace -s` over 10 s of paced load
# (wrk -c4, 20 ms think time per connection): system calls per request where every record is written by
# its caller. Sources the lead's perf/lab/gw.sh.
set -u; . "$(dirname "$0")/../lab/gw.sh"
dir=$1; out=$2; shift 2; port=${PORT:-18320}
APL=${ASYNC_PROFILER:-/tmp/apl/linux-x64/libasyncProfiler.so}
start_mock; start_gw $dir $port "$@"
wrk_run $port ${WARM:-30} 32 > /dev/null
jcmd $JPID JVMTI.agent_load $APL "\"start,event=itimer,interval=1ms\"" > $out.jcmd 2>&1
c0=$(cpu_ticks $JPID)
r=$(wrk_run $port 15 32 | grep RESULT)
c1=$(cpu_ticks $JPID)
jcmd $JPID JVMTI.agent_load $APL "\"stop,file=$out.collapsed,collapsed\"" >> $out.jcmd 2>&1
n=$(echo "$r" | sed 's/.*requests=\([0-9]*\).*/\1/'); rps=$(echo "$r" | sed 's/.*rps=\([0-9.]*\).*/\1/')
echo "$(basename $dir) rps=$rps cpu_us_per_req=$(( (c1-c0)*10000/n )) load=$(cut -d' ' -f1 /proc/loadavg) $r"
timeout -s INT 7 perf trace -s -p $JPID -o $out.trace 2>/dev/null &
tp=$!; sleep 0.5
wrk_run $port 5 32 | grep RESULT > $out.trace-wrk
wait $tp
if [ -n "${PACED:-}" ]; then
  wrk_run $port 5 4 20 > /dev/null
  timeout -s INT 12 perf trace -s -p $JPID -o $out.paced.trace 2>/dev/null &
  tp=$!; sleep 0.5
  c0=$(cpu_ticks $JPID)
  wrk_run $port 10 4 20 | grep RESULT > $out.paced.trace-wrk
  c1=$(cpu_ticks $JPID)
  wait $tp
  echo "paced: $(cat $out.paced.trace-wrk) cpu_us_per_req(traced)=$(( (c1-c0)*10000/$(sed 's/.*requests=\([0-9]*\).*/\1/' $out.paced.trace-wrk) ))"
fi
stop_all
