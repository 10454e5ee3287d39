# perf/lab/gw.sh, sourced by the measurement scripts here and in perf/ (docs/benchmarks.md): start_mock PORTDIR, start_gw DIR PORT [ENV..], stop_all
# mock nginx on 18080 (shared harness conf); gateway from DIR/lukhas-server/target/lukhas.jar
# the peer harness (../shared/bench beside the project root; PEER_BENCH overrides)
B=${PEER_BENCH:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)/shared/bench}
start_mock() {
  MOCKDIR=$(mktemp -d /tmp/mock.XXXX); mkdir -p $MOCKDIR/tmp
  if ! curl -s -o /dev/null -X POST http://127.0.0.1:18080/v1/chat/completions; then
    nginx -c $B/nginx/mock-upstream.conf -p $MOCKDIR/ -e $MOCKDIR/error.log; MOCK_OWN=1
  fi
}
start_gw() { # DIR PORT [ENV...]
  local dir=$1 port=$2; shift 2
  GWDIR=$(mktemp -d /tmp/gw.XXXX)
  cp "$(dirname "${BASH_SOURCE[0]}")/raised-limit.yaml" $GWDIR/lukhas.yaml
  (cd $GWDIR && exec env "$@" LUKHAS_UPSTREAM_URL=http://127.0.0.1:18080/v1 OPENAI_API_KEY=bench \
     $dir/bin/lukhas serve --port $port --config $GWDIR/lukhas.yaml > $GWDIR/gw.log 2>&1) &
  GWPID=$!
  for i in $(seq 1 600); do
    curl -sf -o /dev/null -H 'content-type: application/json' -H 'authorization: Bearer sk-bench-0000000000000000000000000000000000000000' \
      -d @$B/wrk/body.json http://127.0.0.1:$port/v1/chat/completions && break; sleep 0.1; done
  JPID=$(pgrep -f "lukhas.jar serve --port $port" | head -1)
}
stop_all() {
  [ -n "${GWPID:-}" ] && kill $GWPID 2>/dev/null; [ -n "${JPID:-}" ] && kill $JPID 2>/dev/null; sleep 1
  [ -n "${MOCK_OWN:-}" ] && kill -QUIT $(cat $MOCKDIR/nginx.pid) 2>/dev/null; MOCK_OWN=
}
cpu_ticks() { awk '{print $14+$15}' /proc/$1/stat; }
wrk_run() { # PORT SECONDS CONNS [DELAYMS]
  (cd $B && WRK_DELAY_MS=${4:-0} wrk -t2 -c$3 -d$2s -s wrk/chat.lua http://127.0.0.1:$1/v1/chat/completions)
}
