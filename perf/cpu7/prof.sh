#!/usr/bin/env bash
# prof.sh DIR OUT [ENV..]: profrun.sh + /proc/PID/io syscalls + perf trace -s syscall counts over 5 s
# (copy of perf/lab/profrun.sh, the lead's tool, which it sources for start_mock/start_gw/wrk_run; the
# async-profiler options are quoted twice: a JDK 25 target reads an unquoted "start,event=..." as
# empty options, "[ERROR] event must not be empty", and profrun.sh then writes no profile)
set -u; . "$(dirname "$0")/../lab/gw.sh"
dir=$1; out=$2; shift 2; port=${PORT:-18220}
start_mock; start_gw $dir $port "$@"
wrk_run $port ${WARM:-30} 32 > /dev/null
jcmd $JPID JVMTI.agent_load ${ASYNC_PROFILER:-/tmp/apl/linux-x64/libasyncProfiler.so} "\"start,event=itimer,interval=1ms\"" > $out.jcmd 2>&1
io() { awk '/^syscr/{r=$2}/^syscw/{w=$2}END{print r, w}' /proc/$JPID/io; }
read r0 w0 < <(io)
c0=$(cpu_ticks $JPID)
r=$(wrk_run $port 15 32 | grep RESULT)
c1=$(cpu_ticks $JPID)
read r1 w1 < <(io)
jcmd $JPID JVMTI.agent_load ${ASYNC_PROFILER:-/tmp/apl/linux-x64/libasyncProfiler.so} "\"stop,file=$out.collapsed,collapsed\"" >> $out.jcmd 2>&1
n=$(echo "$r" | sed 's/.*requests=\([0-9]*\).*/\1/'); rps=$(echo "$r" | sed 's/.*rps=\([0-9.]*\).*/\1/')
echo "$(basename $dir) rps=$rps cpu_us_per_req=$(( (c1-c0)*10000/n )) syscr/req=$(echo "scale=2;($r1-$r0)/$n"|bc) syscw/req=$(echo "scale=2;($w1-$w0)/$n"|bc) load=$(cut -d' ' -f1 /proc/loadavg) $r"
if [ -n "${TRACE:-}" ]; then
  timeout -s INT 7 perf trace -s -p $JPID -o $out.trace 2>/dev/null &
  tp=$!; sleep 0.5
  wrk_run $port 5 32 | grep RESULT > $out.trace-wrk
  wait $tp; cat $out.trace-wrk
fi
stop_all
