#!/usr/bin/env bash
# Range, count and moments over 100,000 committed rows (bulk format), Groth16, chunked; see benchmarks/README.md.
# Usage: benchmarks/data-at-scale.sh [rows=100000] [chunkSize=4096] [seed=42]
set -euo pipefail
cd "$(dirname "$0")/.."
# module classes first: ~/.m2 may hold another checkout's snapshot jars
./mvnw -B -q -pl benchmarks -am package -DskipTests
JAVA="${JAVA_HOME_25:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
exec "$JAVA" -Xmx6g --enable-native-access=ALL-UNNAMED \
  -cp "circuits/target/classes:verifier/target/classes:prover-java/target/classes:benchmarks/target/classes:benchmarks/target/lib/*" io.zkinfer.bench.DataAtScale "$@"
