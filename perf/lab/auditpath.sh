#!/usr/bin/env bash
# auditpath.sh DIR [ENV..]: WARM (30) s saturation + 10 s paced, then 15 s paced (wrk -c4, 20 ms think time) with the
# gateway's /metrics read before and after: wrk's latency, and per record the audit append's mean and histogram p50/p90
# (lukhas_audit_append_seconds: redaction, serialisation, the write and any wait for it), the synchronous writes'
# time (lukhas_audit_fsync_seconds / fsyncs) and records per batch (records / batches: a caller writing its own
# record is a batch of one; more means appends that arrived together and waited for the writer thread).
set -u; . "$(dirname "$0")/gw.sh"
dir=$1; shift; port=${PORT:-18241}
start_mock; start_gw "$dir" "$port" "$@"
wrk_run "$port" "${WARM:-30}" 32 > /dev/null; wrk_run "$port" 10 4 20 > /dev/null
m0=$(mktemp); m1=$(mktemp)
curl -s "http://127.0.0.1:$port/metrics" > "$m0"
wrk_run "$port" 15 4 20 | grep RESULT
curl -s "http://127.0.0.1:$port/metrics" > "$m1"
python3 - "$m0" "$m1" <<'PY'
import re, sys
def read(f):
    d = {}
    for line in open(f):
        if line.startswith("lukhas_audit"):
            k, _, v = line.rstrip().rpartition(" ")
            d[k] = float(v)
    return d
a, b = read(sys.argv[1]), read(sys.argv[2])
delta = lambda k: b.get(k, 0) - a.get(k, 0)
n = delta("lukhas_audit_append_seconds_count")
if not n:
    sys.exit("no audit appends in the window")
buckets = sorted((float(re.search(r'le="([^"]+)"', k).group(1)), delta(k)) for k in b if k.startswith("lukhas_audit_append_seconds_bucket"))
pct = lambda q: next(f"{le * 1000:.3f}" for le, c in buckets if c >= n * q)
batches, syncs = delta("lukhas_audit_batches_total"), delta("lukhas_audit_fsyncs_total")
line = (f"audit: records={n:.0f} append_mean_ms={1000 * delta('lukhas_audit_append_seconds_sum') / n:.3f}"
        f" append_p50_le_ms={pct(.5)} append_p90_le_ms={pct(.9)} records_per_batch={n / batches:.2f}")
if syncs:
    line += f" sync_write_mean_ms={1000 * delta('lukhas_audit_fsync_seconds_total') / syncs:.3f}"
print(line)
PY
rm -f "$m0" "$m1"
stop_all; rm -rf "$GWDIR"   # its audit log: hundreds of MB the next run would sync beside
