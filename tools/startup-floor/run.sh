#!/usr/bin/env bash
# run.sh OUT empty|jdk|floor [PORT]: one start of a floor program that build.sh built into OUT, with its
# own AOT cache (same relative class path as the recording, so the JVM accepts the cache).
out=$1; kind=$2; port=${3:-}
java=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
cd "$out" || exit 1
case $kind in
  empty) exec "$java" -XX:AOTCache=empty.aot -Xlog:aot=off -Xlog:cds=off ${FLOOR_OPTS:-} -cp floor.jar Empty ;;
  jdk) exec "$java" -XX:AOTCache=jdk.aot -Xlog:aot=off -Xlog:cds=off ${FLOOR_OPTS:-} -cp floor.jar JdkServer "$port" ;;
  floor) exec "$java" --enable-native-access=ALL-UNNAMED -XX:AOTCache=floor.aot -Xlog:aot=off -Xlog:cds=off ${FLOOR_OPTS:-} \
    -cp floor.jar:deps.jar Floor "$port" "$out/data" ;;
  *) echo "usage: run.sh OUT empty|jdk|floor [PORT]" >&2; exit 2 ;;
esac
