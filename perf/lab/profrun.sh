#!/usr/bin/env bash
# profrun.sh DIR OUT [ENV..]: saturation (wrk -t2 -c32) after WARM s; 15 s measured with async-profiler (itimer)
# prints req/s, CPU us/req; writes OUT.collapsed
set -u; . "$(dirname "$0")/gw.sh"
# async-profiler 4.x from Maven Central (tools.profiler:async-profiler, its linux-x64 jar holds the library)
APL=${ASYNC_PROFILER:-/tmp/apl/linux-x64/libasyncProfiler.so}
dir=$1; out=$2; shift 2; port=${PORT:-18190}
start_mock; start_gw $dir $port "$@"
wrk_run $port ${WARM:-30} 32 > /dev/null
jcmd $JPID JVMTI.agent_load "$APL" "\"start,event=itimer,interval=1ms\"" > /dev/null
c0=$(cpu_ticks $JPID)
r=$(wrk_run $port 15 32 | grep RESULT)
c1=$(cpu_ticks $JPID)
jcmd $JPID JVMTI.agent_load "$APL" "\"stop,file=$out.collapsed,collapsed\"" > /dev/null
n=$(echo "$r" | sed 's/.*requests=\([0-9]*\).*/\1/'); rps=$(echo "$r" | sed 's/.*rps=\([0-9.]*\).*/\1/')
echo "$(basename $dir) rps=$rps cpu_us_per_req=$(( (c1-c0)*10000/n )) load=$(cut -d' ' -f1 /proc/loadavg) $r"
stop_all
