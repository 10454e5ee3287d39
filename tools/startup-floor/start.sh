#!/usr/bin/env bash
# RES (default /tmp/startup-floor) holds the output of each start.
# st8.sh PORT LABEL CMD...: one start of CMD (which must serve /healthz on PORT, or exit for a
# program without a server); prints wall to the first 200 (or to exit), process CPU, the Java main
# thread's CPU ("java" threads summed: the launcher's primordial thread is ~0) and C1+C2, at that moment.
port=$1; label=$2; shift 2
mkdir -p ${RES:-/tmp/startup-floor}; tck=$(getconf CLK_TCK)
t0=$(date +%s%N)
"$@" > ${RES:-/tmp/startup-floor}/out-$label.log 2>&1 &
pid=$!
if [ "$port" = 0 ]; then
  # no server: poll for exit; CPU from the stat just before exit is not readable, use /usr/bin/time style via wait
  wait $pid; t1=$(date +%s%N); echo "wall_ms=$(( (t1-t0)/1000000 ))"; exit 0
fi
while ! curl -sf -o /dev/null http://127.0.0.1:$port/healthz; do
  kill -0 $pid 2>/dev/null || { echo "died"; exit 1; }
  sleep 0.005
done
t1=$(date +%s%N)
read -r ut st <<<"$(awk '{print $14, $15}' /proc/$pid/stat)"
main=0; jit=0
for t in /proc/$pid/task/*; do
  n=$(cat $t/comm 2>/dev/null); c=$(awk '{print $14+$15}' $t/stat 2>/dev/null || echo 0)
  case "$n" in java) main=$((main+c));; C1*|C2*) jit=$((jit+c));; esac
done
echo "wall_ms=$(( (t1-t0)/1000000 )) cpu_ms=$(( (ut+st)*1000/tck )) main_ms=$(( main*1000/tck )) jit_ms=$(( jit*1000/tck )) load=$(cut -d' ' -f1 /proc/loadavg)"
kill $pid; wait $pid 2>/dev/null
