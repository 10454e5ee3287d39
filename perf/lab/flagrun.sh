#!/usr/bin/env bash
# flagrun.sh DIR LABEL [ENV..]: WARM s saturation, 15 s saturation measured, 10 s paced warm, 15 s paced measured
set -u; . "$(dirname "$0")/gw.sh"
dir=$1; label=$2; shift 2; port=${PORT:-18192}
start_mock; start_gw $dir $port "$@"
wrk_run $port ${WARM:-30} 32 > /dev/null
c0=$(cpu_ticks $JPID); r=$(wrk_run $port 15 32 | grep RESULT); c1=$(cpu_ticks $JPID)
n=$(echo "$r" | sed 's/.*requests=\([0-9]*\).*/\1/')
sat="rps=$(echo "$r" | sed 's/.*rps=\([0-9.]*\).*/\1/') cpu=$(( (c1-c0)*10000/n ))"
wrk_run $port 10 4 20 > /dev/null
c0=$(cpu_ticks $JPID); r=$(wrk_run $port 15 4 20 | grep RESULT); c1=$(cpu_ticks $JPID)
n=$(echo "$r" | sed 's/.*requests=\([0-9]*\).*/\1/')
p50=$(echo "$r" | sed 's/.*p50_us=\([0-9]*\).*/\1/'); p99=$(echo "$r" | sed 's/.*p99_us=\([0-9]*\).*/\1/')
echo "$label sat: $sat | paced: p50=$p50 p99=$p99 cpu=$(( (c1-c0)*10000/n )) | load=$(cut -d' ' -f1 /proc/loadavg)"
stop_all
