#!/usr/bin/env bash
# The test command: installs what is missing, then builds everything (Go library, Java modules, EVM harness) and
# runs every test. Extra arguments go to Maven (e.g. ./test.sh -pl verifier).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$ROOT/scripts/setup.sh"
zkinfer_setup go node jdk17 || exit 1
cd "$ROOT"
JAVA_HOME="$ZKINFER_JAVA_HOME" exec ./mvnw -B verify "$@"
