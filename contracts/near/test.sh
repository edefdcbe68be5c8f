#!/usr/bin/env bash
# Tests the generated NEAR contracts (contracts/near/generated/*) against nearcore's VM logic (near-sdk unit-testing:
# the real alt_bn128 host functions, mainnet gas parameters) and prints the gas table; then builds each contract for
# wasm32-unknown-unknown and prints its size, or says why it cannot. Run by ./mvnw verify (contracts module).
# Build output: $CARGO_TARGET_DIR (default ~/.cache/zkinfer/near-target, outside the repository, shared with
# 'zkinfer verify --near', so near-sdk compiles once: 10-20 minutes cold on a small machine).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
source "$ROOT/scripts/setup.sh"
zkinfer_setup rust >/dev/null || { echo "contracts/near: Rust's cargo 1.95+ is needed (see above)" >&2; exit 1; }
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/zkinfer/near-target}
export ZKINFER_NEAR_REQUIRE_FIXTURE=1
cd "$HERE"
# The key-independent sources of every crate (lib.rs, groth16.rs, tests.rs, README.md) are the generator's own
# templates: they are copied in here rather than kept in git six times, so the tests always run the sources that
# 'zkinfer export-verifier --target near' writes today. Only key.rs, Cargo.toml and the fixtures are per crate.
RES="$ROOT/cli/src/main/resources/io/zkinfer/cli/near"
for crate in generated/*; do
  for f in lib.rs groth16.rs tests.rs; do
    cp "$RES/$f" "$crate/src/$f"
  done
  cp "$RES/README.md" "$crate/README.md"
done
t0=$SECONDS
out=$(mktemp)
trap 'rm -f "$out"' EXIT
status=0
cargo test --locked --workspace --lib -- --nocapture --test-threads 1 >"$out" 2>&1 || status=$?
grep -E '^(test result|error)' "$out" || true
[[ $status -eq 0 ]] || { grep -E -A20 '^---- |panicked' "$out" | head -80 >&2; echo "contracts/near: cargo test failed" >&2; exit 1; }
echo "contracts/near: cargo test passed in $((SECONDS - t0)) s (target dir $CARGO_TARGET_DIR)"
echo "gas (host functions, nearcore mainnet parameters):"
grep -E '^GAS ' "$out" | sed 's/^GAS /  /' | sort
if [[ ${ZKINFER_NEAR_WASM:-1} == 0 ]]; then
  echo "contracts/near: wasm build skipped (ZKINFER_NEAR_WASM=0)"
elif rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown \
    || [[ -d $(rustc --print sysroot)/lib/rustlib/wasm32-unknown-unknown ]]; then
  cargo build --locked --workspace --lib --target wasm32-unknown-unknown --release -q
  for f in "$CARGO_TARGET_DIR"/wasm32-unknown-unknown/release/*.wasm; do
    echo "  wasm $(basename "$f"): $(stat -c %s "$f") bytes"
  done
else
  echo "contracts/near: wasm build skipped: the wasm32-unknown-unknown target is not installed" \
    "(rustup target add wasm32-unknown-unknown)"
fi
