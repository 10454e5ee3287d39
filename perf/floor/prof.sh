#!/usr/bin/env bash
# perf/floor/prof.sh TARGET OUT [ENV..]: a saturation profile (async-profiler, itimer 1 ms) of TARGET, one of
#   floor-virtual | floor-platform  perf/floor/FloorProxy.java on this tree's jar
#   lukhas                          bin/lukhas serve of this tree (ENV.. to its environment, e.g. LUKHAS_AUDIT_DURABILITY=os)
#   floor-netty | floor-netty-vt    perf/floor/NettyFloorProxy.java loop | vt on NETTY_LOOPS (1) event loops (as run.sh)
#   floor-helidon                   perf/floor/HelidonFloorProxy.java (as run.sh; class paths: run.sh copies them)
# against the harness's nginx mock: WARM (30) s of saturation (wrk -t2 -c32), then 15 s profiled. Prints req/s,
# CPU us/req, read/write syscalls per request (/proc/PID/io) and the load; writes OUT.collapsed.
# perf/lab/profrun.sh's method (its gw.sh for the mock, the gateway and wrk), the agent's options quoted twice
# as perf/cpu7/prof.sh explains. Run under the bench lock: flock -o /work/wt/bench.lock perf/floor/prof.sh ...
set -u
here=$(cd "$(dirname "$0")" && pwd); root=$(cd "$here/../.." && pwd)
# the peer harness: ../shared/bench beside the project root (gw.sh's default) or /work/shared/bench (beside a worktree)
[ -n "${PEER_BENCH:-}" ] || { [ -f "$root/../shared/bench/bench.sh" ] || export PEER_BENCH=/work/shared/bench; }
. "$root/perf/lab/gw.sh"
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
APL=${ASYNC_PROFILER:-/tmp/apl/linux-x64/libasyncProfiler.so}
target=$1; out=$2; shift 2; port=${PORT:-18310}
start_mock
case $target in
  floor-virtual | floor-platform)
    thp=(); case $(cat /sys/kernel/mm/transparent_hugepage/enabled) in *"[madvise]"* | *"[always]"*) thp=(-XX:+UseTransparentHugePages) ;; esac
    "$JAVA_HOME/bin/java" "${thp[@]}" -cp "$root/lukhas-server/target/lukhas.jar" "$here/FloorProxy.java" $port \
      http://127.0.0.1:18080 "${target#floor-}" > "$out.log" 2>&1 &
    JPID=$!
    for _ in $(seq 300); do ss -Hltn "sport = :$port" | grep -q . && break; sleep 0.2; done ;;
  floor-netty | floor-netty-vt | floor-helidon)
    thp=(); case $(cat /sys/kernel/mm/transparent_hugepage/enabled) in *"[madvise]"* | *"[always]"*) thp=(-XX:+UseTransparentHugePages) ;; esac
    if [ "$target" = floor-helidon ]; then
      "$JAVA_HOME/bin/java" "${thp[@]}" -cp "$here/target/helidon/*" "$here/HelidonFloorProxy.java" $port http://127.0.0.1:18080 > "$out.log" 2>&1 &
    else
      mode=loop; [ "$target" = floor-netty-vt ] && mode=vt
      "$JAVA_HOME/bin/java" "${thp[@]}" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
        -cp "$here/target/netty/*" "$here/NettyFloorProxy.java" $port http://127.0.0.1:18080 $mode ${NETTY_LOOPS:-1} > "$out.log" 2>&1 &
    fi
    JPID=$!
    for _ in $(seq 300); do ss -Hltn "sport = :$port" | grep -q . && break; sleep 0.2; done ;;
  lukhas) start_gw "$root" $port "$@" ;;
  *) echo "prof.sh: unknown target $target" >&2; stop_all; exit 2 ;;
esac
wrk_run $port ${WARM:-30} 32 > /dev/null
"$JAVA_HOME/bin/jcmd" $JPID JVMTI.agent_load "$APL" "\"start,event=itimer,interval=1ms\"" > "$out.jcmd" 2>&1
io() { awk '/^syscr/{r=$2}/^syscw/{w=$2}END{print r, w}' /proc/$JPID/io; }
read -r r0 w0 < <(io); c0=$(cpu_ticks $JPID)
r=$(wrk_run $port 15 32 | grep RESULT)
c1=$(cpu_ticks $JPID); read -r r1 w1 < <(io)
"$JAVA_HOME/bin/jcmd" $JPID JVMTI.agent_load "$APL" "\"stop,file=$out.collapsed,collapsed\"" >> "$out.jcmd" 2>&1
n=$(echo "$r" | sed 's/.*requests=\([0-9]*\).*/\1/'); rps=$(echo "$r" | sed 's/.*rps=\([0-9.]*\).*/\1/')
echo "$target rps=$rps cpu_us_per_req=$(( (c1-c0)*10000/n )) syscr/req=$(echo "scale=2;($r1-$r0)/$n"|bc) syscw/req=$(echo "scale=2;($w1-$w0)/$n"|bc) load=$(cut -d' ' -f1 /proc/loadavg)"
stop_all
