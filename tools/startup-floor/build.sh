#!/usr/bin/env bash
# build.sh OUT LUKHAS_JAR: builds the start-up floor programs into OUT and records one AOT cache each
# (docs/benchmarks.md, "Start-up, round 8"). The libraries are lukhas.jar's, with the gateway's own
# classes (ai/lukhas/**) removed, so the versions are the product's.
set -euo pipefail
out=$1; lukhas=$2; here=$(cd "$(dirname "$0")" && pwd)
java=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java; javac=${java}c
mkdir -p "$out/classes" "$out/train"
cp "$lukhas" "$out/deps.jar" && zip -q -d "$out/deps.jar" 'ai/lukhas/*'
"$javac" -d "$out/classes" -cp "$out/deps.jar" "$here"/src/*.java
cp -r "$here/src/db" "$out/classes/"
(cd "$out/classes" && jar cf ../floor.jar .)
cd "$out"
rm -f *.aot
"$java" -XX:AOTCacheOutput=empty.aot -Xlog:aot=off -Xlog:cds=off -cp floor.jar Empty
"$java" -XX:AOTCacheOutput=jdk.aot -Xlog:aot=off -Xlog:cds=off -cp floor.jar JdkServer 18249 train 2000
rm -rf train/*
"$java" --enable-native-access=ALL-UNNAMED -XX:AOTCacheOutput=floor.aot -Xlog:aot=off -Xlog:cds=off \
  -cp floor.jar:deps.jar Floor 18249 train train 2000 >/dev/null 2>&1
ls -la "$out"
