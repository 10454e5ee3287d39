#!/usr/bin/env bash
# perf/floor/run.sh: the floor of a proxy on this machine, side by side with the gateway, in the peer harness
# (docs/benchmarks.md, "Issue #19 — the floor of a proxy on this machine").
#
#   flock -o /work/wt/bench.lock perf/floor/run.sh            # from the project root; ~37 min (2 rounds)
#
# Targets (each behind the harness's nginx mock on 127.0.0.1:18080):
#   nginx          nginx as a reverse proxy, upstream keep-alive (perf/floor/nginx-proxy.conf), port 18300
#   floor-virtual  perf/floor/FloorProxy.java, Jetty tasks on virtual threads (javalin-virtual's pool), 18301
#   floor-platform perf/floor/FloorProxy.java, a platform QueuedThreadPool (server.threads: platform's), 18302
#   lukhas         bin/lukhas serve of this tree (everything on), LUKHAS_ENV (default LUKHAS_AUDIT_DURABILITY=os), 18303
#   floor-netty    perf/floor/NettyFloorProxy.java loop: Netty 4.2, everything on NETTY_LOOPS (1) event loops, 18304
#   floor-netty-vt perf/floor/NettyFloorProxy.java vt: Netty, a virtual thread per request blocking on the upstream, 18305
#   floor-helidon  perf/floor/HelidonFloorProxy.java: Helidon SE 4.5 WebServer + WebClient (virtual threads), 18306
#   floor-netty-2 / floor-netty-vt-2  the same on 2 event loop threads, 18307 / 18308
# (the Netty and Helidon class paths are copied by perf/floor/pom.xml into perf/floor/target/{netty,helidon}
#  when missing: ./mvnw -f perf/floor/pom.xml dependency:copy-dependencies -P...; nothing of the product uses them)
# Per round, per target (order reversed every other round): the target is started, the harness's bench.sh
# (MODES=shared PEERS=, copied to WORK since shared/ is read-only) measures direct and the target (saturation
# wrk -t2 -c32, paced wrk -c4 with 20 ms think time; WARMUP s warm-up + DURATION s each); then, on the same
# process, a paced window (5 s warm-up + 15 s) counts voluntary context switches per request over all its
# threads (/proc/PID/task/*/status, as perf/lab/ctxsw.sh). The target is stopped by pid. One table at the end.
# Env: ROUNDS (2), TARGETS ("nginx floor-virtual floor-platform lukhas"), WARMUP (40, the lead's harness runs), DURATION (15),
#      NGINX_WORKERS (1), NETTY_LOOPS (1, floor-netty and floor-netty-vt), LUKHAS_ENV ("LUKHAS_AUDIT_DURABILITY=os"), WORK (/tmp/floor-bench), BUILD (1: build the
#      jar and the gateway's start-up cache first when stale).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
here=$root/perf/floor
harness_src=${PEER_BENCH:-$(cd "$root/.." && pwd)/shared/bench}
[[ -f $harness_src/bench.sh ]] || harness_src=/work/shared/bench
ROUNDS=${ROUNDS:-2}
TARGETS=${TARGETS:-"nginx floor-virtual floor-platform lukhas"}
WARMUP=${WARMUP:-40}
DURATION=${DURATION:-15}
NGINX_WORKERS=${NGINX_WORKERS:-1}
NETTY_LOOPS=${NETTY_LOOPS:-1}
LUKHAS_ENV=${LUKHAS_ENV:-LUKHAS_AUDIT_DURABILITY=os}
WORK=${WORK:-/tmp/floor-bench}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA=$JAVA_HOME/bin/java
jar=$root/lukhas-server/target/lukhas.jar
out=$WORK/results/$(date +%Y%m%d-%H%M%S)
log() { printf '[floor %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

mkdir -p "$WORK/harness" "$WORK/gateway" "$out"
cp -r "$harness_src/bench.sh" "$harness_src/nginx" "$harness_src/wrk" "$WORK/harness/"

# ------------------------------------------------------------------ build
if [[ ${BUILD:-1} == 1 ]]; then
  # bin/lukhas builds a stale jar; `smoke` also records the start-up cache in the foreground when it is stale,
  # so no background training runs during a measurement (every `serve` would start one otherwise)
  log "building (if stale) and recording the start-up cache (if stale): bin/lukhas smoke"
  (cd "$root" && bin/lukhas smoke > "$out/smoke.log" 2>&1) || { log "bin/lukhas smoke failed, see $out/smoke.log"; exit 1; }
fi
[[ -f $jar ]] || { log "no $jar"; exit 1; }
for stack in netty helidon; do
  if [[ " $TARGETS " == *" floor-$stack"* && ! -d $here/target/$stack ]]; then
    log "copying the $stack class path: perf/floor/pom.xml -P$stack"
    (cd "$root" && ./mvnw -q -B -f perf/floor/pom.xml dependency:copy-dependencies -P$stack \
      -DoutputDirectory="$here/target/$stack") > "$out/deps-$stack.log" 2>&1 || { log "see $out/deps-$stack.log"; exit 1; }
  fi
done
thp=()
case $(cat /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null) in *"[madvise]"* | *"[always]"*) thp=(-XX:+UseTransparentHugePages) ;; esac

cp "$root/perf/lab/raised-limit.yaml" "$WORK/gateway/lukhas.yaml"
sed "s/^worker_processes 1;/worker_processes $NGINX_WORKERS;/" "$here/nginx-proxy.conf" > "$WORK/nginx-proxy.conf"

# ------------------------------------------------------------------ targets
TPID=""
port_of() {
  case $1 in
    nginx) echo 18300 ;; floor-virtual) echo 18301 ;; floor-platform) echo 18302 ;; lukhas) echo 18303 ;;
    floor-netty) echo 18304 ;; floor-netty-vt) echo 18305 ;; floor-helidon) echo 18306 ;; floor-netty-2) echo 18307 ;; floor-netty-vt-2) echo 18308 ;;
  esac
}
start_target() { # NAME LOGFILE: sets TPID (the process whose tree the harness counts)
  local name=$1 logf=$2
  case $name in
    nginx)
      rm -rf "$WORK/proxy"; mkdir -p "$WORK/proxy/tmp"
      nginx -c "$WORK/nginx-proxy.conf" -p "$WORK/proxy/" -e "$WORK/proxy/error.log" -g 'daemon off;' > "$logf" 2>&1 &
      ;;
    floor-virtual | floor-platform)
      "$JAVA" "${thp[@]}" -cp "$jar" "$here/FloorProxy.java" "$(port_of "$name")" http://127.0.0.1:18080 "${name#floor-}" > "$logf" 2>&1 &
      ;;
    floor-netty | floor-netty-vt | floor-netty-2 | floor-netty-vt-2)
      # --sun-misc-unsafe-memory-access=allow: on JDK 24+ Netty 4.2 leaves sun.misc.Unsafe (its fast buffer
      # paths) off unless it is allowed; --enable-native-access: the epoll library loads without a warning
      local mode=loop loops=$NETTY_LOOPS
      [[ $name == floor-netty-vt* ]] && mode=vt
      [[ $name == *-2 ]] && loops=2
      "$JAVA" "${thp[@]}" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
        -cp "$here/target/netty/*" "$here/NettyFloorProxy.java" "$(port_of "$name")" http://127.0.0.1:18080 $mode "$loops" > "$logf" 2>&1 &
      ;;
    floor-helidon)
      "$JAVA" "${thp[@]}" -cp "$here/target/helidon/*" "$here/HelidonFloorProxy.java" "$(port_of "$name")" http://127.0.0.1:18080 > "$logf" 2>&1 &
      ;;
    lukhas)
      rm -rf "$WORK/gateway/.lukhas"
      # shellcheck disable=SC2086
      (cd "$WORK/gateway" && exec env $LUKHAS_ENV LUKHAS_UPSTREAM_URL=http://127.0.0.1:18080/v1 OPENAI_API_KEY=bench \
        "$root/bin/lukhas" serve --port 18303 --config "$WORK/gateway/lukhas.yaml") > "$logf" 2>&1 &
      ;;
  esac
  TPID=$!
  local port; port=$(port_of "$name")
  for _ in $(seq 300); do
    ss -Hltn "sport = :$port" | grep -q . && return 0
    kill -0 "$TPID" 2>/dev/null || break
    sleep 0.2
  done
  log "$name did not listen on $port (see $logf)"; return 1
}
stop_target() {
  [[ -n $TPID ]] || return 0
  kill -TERM "$TPID" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$TPID" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$TPID" 2>/dev/null && kill -KILL "$TPID" 2>/dev/null
  wait "$TPID" 2>/dev/null || true
  TPID=""
}
MOCK=""
start_mock() {
  rm -rf "$WORK/mock"; mkdir -p "$WORK/mock/tmp"
  nginx -c "$WORK/harness/nginx/mock-upstream.conf" -p "$WORK/mock/" -e "$WORK/mock/error.log"
  for _ in $(seq 50); do [[ -s $WORK/mock/nginx.pid ]] && break; sleep 0.1; done
  MOCK=$(cat "$WORK/mock/nginx.pid")
}
stop_mock() {
  [[ -n $MOCK ]] || return 0
  kill -QUIT "$MOCK" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$MOCK" 2>/dev/null || break; sleep 0.1; done
  MOCK=""
}
trap 'stop_target; stop_mock' EXIT
trap 'exit 130' INT TERM

pid_tree() { local c; echo "$1"; for c in $(pgrep -P "$1" 2>/dev/null); do pid_tree "$c"; done; }
snap() { # per thread of the tree: pid/tid|comm|voluntary switches
  local p t
  for p in $(pid_tree "$1"); do
    for t in /proc/$p/task/*; do
      printf '%s|%s|%s\n' "$p/${t##*/}" "$(cat "$t/comm" 2>/dev/null)" "$(awk '/^voluntary_ctxt_switches/{print $2}' "$t/status" 2>/dev/null)"
    done
  done
}
paced() { # URL SECONDS: wrk paced as bench.sh's paced row (2 threads, 4 connections, 20 ms think)
  (cd "$WORK/harness" && BENCH_BODY=wrk/body.json WRK_DELAY_MS=20 timeout $(($2 + 30)) wrk -t2 -c4 -d"$2"s --timeout 2s --latency -s wrk/chat.lua "$1")
}
ctxsw() { # NAME URL: voluntary switches per request during 15 s paced, after 5 s paced warm-up
  local name=$1 url=$2 a b r n
  start_mock
  paced "$url" 5 > /dev/null 2>&1 || true
  a=$(mktemp); b=$(mktemp)
  snap "$TPID" > "$a"
  r=$(paced "$url" 15 2>&1 | grep '^RESULT' || true)
  snap "$TPID" > "$b"
  stop_mock
  n=$(sed -n 's/.*requests=\([0-9]*\).*/\1/p' <<< "$r")
  python3 - "$a" "$b" "${n:-0}" <<'PY'
import sys, re, collections
def rd(f):
    d = {}
    for l in open(f):
        p = l.rstrip('\n').split('|')
        if len(p) == 3 and p[2]:
            d[p[0]] = (p[1], int(p[2]))
    return d
a, b, n = rd(sys.argv[1]), rd(sys.argv[2]), int(sys.argv[3])
g = collections.Counter(); tot = 0
for tid, (name, v) in b.items():
    dv = v - a.get(tid, (name, 0))[1]
    key = re.sub(r'[-#]?\d+$', '', name); g[key] += dv; tot += dv
if n == 0:
    print("vsw=- groups=-")
else:
    print(f"vsw={tot / n:.2f} groups=" + ",".join(f"{k}:{v / n:.2f}" for k, v in g.most_common(6) if v))
PY
  rm -f "$a" "$b"
}

# ------------------------------------------------------------------ rounds
rows=$out/rows.tsv
printf 'round\ttarget\tload_before\tload_after\tresults\tctxsw\n' > "$rows"
{
  echo "date: $(date -Is)  tree: $root ($(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo ?))"
  echo "java: $("$JAVA" -version 2>&1 | head -1)  jar: $jar  thp: ${thp[*]:-off}"
  echo "nginx: $(nginx -v 2>&1)  workers (proxy): $NGINX_WORKERS  LUKHAS_ENV: $LUKHAS_ENV  NETTY_LOOPS: $NETTY_LOOPS"
  echo "settings: ROUNDS=$ROUNDS WARMUP=$WARMUP DURATION=$DURATION TARGETS='$TARGETS'"
} > "$out/env.txt"
read -r -a order <<< "$TARGETS"
for round in $(seq "$ROUNDS"); do
  if (( round % 2 == 0 )); then
    list=(); for ((i = ${#order[@]} - 1; i >= 0; i--)); do list+=("${order[i]}"); done
  else
    list=("${order[@]}")
  fi
  for name in "${list[@]}"; do
    log "round $round: $name"
    start_target "$name" "$out/$name-r$round.log" || { stop_target; continue; }
    l0=$(cut -d' ' -f1-3 /proc/loadavg)
    res=$out/bench-r$round-$name
    (cd "$WORK/harness" && MODES=shared PEERS= WARMUP=$WARMUP DURATION=$DURATION OUT="$res" \
      TARGET_NAME="$name" TARGET_URL="http://127.0.0.1:$(port_of "$name")/v1/chat/completions" TARGET_PID=$TPID \
      ./bench.sh > "$res.out" 2>&1) || log "bench.sh failed for $name (see $res.out)"
    l1=$(cut -d' ' -f1-3 /proc/loadavg)
    cs=$(ctxsw "$name" "http://127.0.0.1:$(port_of "$name")/v1/chat/completions")
    stop_target
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$name" "$l0" "$l1" "$res/results.tsv" "$cs" >> "$rows"
    log "round $round: $name done ($cs)"
  done
done

# ------------------------------------------------------------------ table
python3 - "$rows" <<'PY' | tee "$out/table.txt"
import sys, csv, statistics as st
rows = list(csv.DictReader(open(sys.argv[1]), delimiter='\t'))
def res(path):
    d = {}
    try:
        for r in csv.DictReader(open(path), delimiter='\t'):
            d[(r['name'] if r['name'] == 'direct' else 'target', r['load'])] = r
    except FileNotFoundError:
        pass
    return d
def f(x):
    try: return float(x)
    except (TypeError, ValueError): return None
out = []
for r in rows:
    d = res(r['results'])
    g = lambda who, load, k: f(d.get((who, load), {}).get(k))
    vsw = r['ctxsw'].split()[0].split('=')[1]
    rec = dict(round=r['round'], target=r['target'],
               sat_rps=g('target', 'saturation', 'rps'), sat_cpu=g('target', 'saturation', 'cpu_us_per_req'),
               d_sat_rps=g('direct', 'saturation', 'rps'),
               p_rps=g('target', 'paced', 'rps'), p50=g('target', 'paced', 'p50_us'), p99=g('target', 'paced', 'p99_us'),
               d50=g('direct', 'paced', 'p50_us'), d99=g('direct', 'paced', 'p99_us'),
               p_cpu=g('target', 'paced', 'cpu_us_per_req'), vsw=f(vsw),
               load=r['load_before'].split()[0] + '/' + r['load_after'].split()[0], groups=r['ctxsw'])
    rec['a50'] = None if rec['p50'] is None or rec['d50'] is None else (rec['p50'] - rec['d50']) / 1000
    rec['a99'] = None if rec['p99'] is None or rec['d99'] is None else (rec['p99'] - rec['d99']) / 1000
    out.append(rec)
def s(v, fmt):
    return '-' if v is None else format(v, fmt)
hdr = f"{'round':>5} {'target':<15} {'sat req/s':>9} {'direct':>7} {'sat cpu':>8} {'paced':>6} {'p50 ms':>7} {'p99 ms':>7} {'+p50 ms':>8} {'+p99 ms':>8} {'paced cpu':>9} {'vsw/req':>7}  load 1m before/after"
print(hdr)
for r in out:
    print(f"{r['round']:>5} {r['target']:<15} {s(r['sat_rps'], '9.0f')} {s(r['d_sat_rps'], '7.0f')} {s(r['sat_cpu'], '8.0f')} {s(r['p_rps'], '6.0f')} "
          f"{s(r['p50'] and r['p50'] / 1000, '7.3f')} {s(r['p99'] and r['p99'] / 1000, '7.3f')} {s(r['a50'], '+8.3f')} {s(r['a99'], '+8.3f')} "
          f"{s(r['p_cpu'], '9.0f')} {s(r['vsw'], '7.2f')}  {r['load']}")
print()
print("median over rounds (min-max)")
print(f"{'target':<15} {'sat req/s':>17} {'sat cpu us/req':>15} {'+p50 ms':>21} {'+p99 ms':>21} {'paced cpu':>13} {'vsw/req':>17}")
def m(vals, fmt):
    v = [x for x in vals if x is not None]
    if not v: return '-'
    return f"{format(st.median(v), fmt)} ({format(min(v), fmt)}-{format(max(v), fmt)})"
for t in dict.fromkeys(r['target'] for r in out):
    rs = [r for r in out if r['target'] == t]
    print(f"{t:<15} {m([r['sat_rps'] for r in rs], '.0f'):>17} {m([r['sat_cpu'] for r in rs], '.0f'):>15} "
          f"{m([r['a50'] for r in rs], '.3f'):>21} {m([r['a99'] for r in rs], '.3f'):>21} {m([r['p_cpu'] for r in rs], '.0f'):>13} "
          f"{m([r['vsw'] for r in rs], '.2f'):>17}")
print()
print("switches by thread group (last round):")
for t in dict.fromkeys(r['target'] for r in out):
    print(f"  {t}: {[r for r in out if r['target'] == t][-1]['groups']}")
PY
echo "sat = saturation (wrk -t2 -c32); direct = wrk straight to the mock in the same bench.sh run; paced = wrk -t2 -c4, 20 ms think;"
echo "+p50/+p99 = paced latency minus the same run's direct paced latency; cpu = user+sys of the target's process tree per request (us);"
echo "vsw/req = voluntary context switches of all the target's threads per request in a separate 15 s paced window"
echo "raw: $out"
