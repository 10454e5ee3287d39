#!/usr/bin/env bash
# serve-startup-ab.sh DIR N: `bin/lukhas serve --timings` N times each without and with transparent huge
# pages, alternating (no start-up cache, so no training runs alongside); prints the ready line of each.
set -u
dir=$1; n=${2:-3}; port=${PORT:-18212}
for i in $(seq "$n"); do
  for v in -XX:-UseTransparentHugePages -XX:+UseTransparentHugePages; do
    w=$(mktemp -d /tmp/tail-start.XXXX)
    (cd "$w" && exec env LUKHAS_NO_STARTUP_CACHE=1 LUKHAS_JAVA_OPTS="$v" LUKHAS_UPSTREAM_URL=http://127.0.0.1:18080/v1 \
       OPENAI_API_KEY=bench "$dir/bin/lukhas" serve --port "$port" --timings > "$w/out.log" 2> "$w/err.log") &
    pid=$!
    for _ in $(seq 300); do grep -q 'lukhas: ready' "$w/err.log" 2>/dev/null && break; sleep 0.1; done
    echo "$v $(grep -o 'ready [0-9]* ms after the process started, [0-9]* ms of CPU' "$w/err.log") load $(cut -d' ' -f1 /proc/loadavg)"
    kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$w"
  done
done
