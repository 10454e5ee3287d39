#!/usr/bin/env bash
# hops.sh DIR [ENV..]: perf/lab/ctxsw.sh (WARM s saturation + 10 s paced, then 15 s paced: wrk -c4,
# 20 ms think) plus the last hop histogram of a build with perf/hops.patch applied, run with
# LUKHAS_JAVA_OPTS=-Dlukhas.hops=1000 (p50 per hop since Jetty parsed the request headers; docs/benchmarks.md,
# "Issue #19 levers — the critical path of a paced request").
# Build: git apply perf/hops.patch && ./mvnw -q -B -Dmaven.test.skip=true package; copy bin/ and the jar out; revert.
LOG_BLOCK='^HOPS' exec "$(dirname "$0")/lab/ctxsw.sh" "$@"
