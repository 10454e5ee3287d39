"""Prints the main thread's CPU / wall ms per phase from a `lukhas serve --timings` output file."""
import json
import re
import sys

t = open(sys.argv[1]).read()
m = re.search(r"phases (\{.*\})", t)
if m:
    d = json.loads(m.group(1))
    print(" ".join(f"{k}={v.get('thread_cpu_ms', 0):.0f}/{v['wall_ms']:.0f}" for k, v in d.items()))
