#!/usr/bin/env bash
# End-to-end benchmark, zkinfer vs EZKL, on the same ONNX files and inputs, one machine, one run.
#
#   benchmarks/run-e2e.sh [--runs N] [--ezkl-runs N] [--ezkl-budget S] [--ezkl-timeout S] [--models a,b,...]
#                         [--backends groth16,plonk] [--no-ezkl]
#
# --ezkl-budget S: no further EZKL run of a model/target starts after S seconds (the n column says how many ran);
# --ezkl-timeout S: one EZKL run is recorded as failed (with the phases it finished) after S seconds (default 1800).
#
# 1. creates benchmarks/.venv (gitignored) and pip-installs ezkl + onnxruntime + onnx (only EZKL needs Python);
# 2. runs EZKL (benchmarks/ezkl/bench_ezkl.py): targets resources and accuracy, input private / params fixed / output public;
# 3. runs `zkinfer bench` (fresh JVM per run; groth16 and plonk) and merges both into benchmarks/results/
#    (e2e.json, e2e.csv, summary.md, *.svg).
# If EZKL cannot be installed or run, zkinfer is still benchmarked, the report opens with a loud
# "EZKL WAS NOT MEASURED" section, and this script exits 4 (0 = everything ran; 3 = a zkinfer run failed).
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
RUNS=3; EZKL_RUNS=""; EZKL_BUDGET=0; EZKL_TIMEOUT=1800; MODELS=""; BACKENDS="groth16,plonk"; NO_EZKL=0; EZKL_VERSION=${EZKL_VERSION:-23.0.5}
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) RUNS=$2; shift 2;;
    --ezkl-runs) EZKL_RUNS=$2; shift 2;;
    --ezkl-budget) EZKL_BUDGET=$2; shift 2;;
    --ezkl-timeout) EZKL_TIMEOUT=$2; shift 2;;
    --models) MODELS=$2; shift 2;;
    --backends) BACKENDS=$2; shift 2;;
    --no-ezkl) NO_EZKL=1; shift;;
    -h|--help) sed -n 2,16p "$0"; exit 0;;
    *) echo "run-e2e: unknown argument $1" >&2; exit 2;;
  esac
done
EZKL_RUNS=${EZKL_RUNS:-$RUNS}
OUT="$ROOT/benchmarks/results"
mkdir -p "$OUT" "$ROOT/benchmarks/.work"
{ lscpu; echo; grep MemTotal /proc/meminfo; uname -srm; } > "$OUT/machine.txt" 2>/dev/null
MACHINE="$(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) CPUs, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo) RAM, load avg $(cut -d' ' -f1-3 /proc/loadavg) at start"

EZKL_JSON="$OUT/ezkl.json"
EZKL_STATUS=ok
ezkl_failed() {  # the reason goes into the report (loud) and into the exit code
  EZKL_STATUS=failed
  echo "run-e2e: EZKL NOT MEASURED: $1" >&2
  python3 -c 'import json,sys; json.dump({"system":"ezkl","installError":sys.argv[1]}, open(sys.argv[2],"w"))' \
    "$1" "$EZKL_JSON" 2>/dev/null || printf '{"system":"ezkl","installError":"%s"}\n' "$1" > "$EZKL_JSON"
}
if [[ $NO_EZKL == 1 ]]; then
  ezkl_failed "EZKL was skipped (--no-ezkl)."
else
  VENV="$ROOT/benchmarks/.venv"
  echo "== EZKL: Python venv $VENV (ezkl==$EZKL_VERSION, onnxruntime, onnx)"
  if ! { [[ -x "$VENV/bin/python" ]] || python3 -m venv "$VENV"; } ; then
    ezkl_failed "could not create a Python venv (python3 -m venv) at $VENV."
  elif ! "$VENV/bin/python" -c "import ezkl, sys; sys.exit(0 if ezkl.__version__ == '$EZKL_VERSION' else 1)" 2>/dev/null \
       && ! "$VENV/bin/pip" install -q "ezkl==$EZKL_VERSION" onnxruntime onnx; then
    ezkl_failed "pip install ezkl==$EZKL_VERSION failed (see the pip output above)."
  else
    echo "== EZKL: benchmark ($EZKL_RUNS runs per model and target)"
    "$VENV/bin/python" benchmarks/ezkl/bench_ezkl.py --runs "$EZKL_RUNS" --budget "$EZKL_BUDGET" --timeout "$EZKL_TIMEOUT" ${MODELS:+--models "$MODELS"} --out "$EZKL_JSON" \
      || ezkl_failed "benchmarks/ezkl/bench_ezkl.py exited $? (see its output above)."
  fi
fi

echo "== zkinfer: EVM dependencies (contracts/evm, npm ci once)"
GAS=""
if ! node contracts/evm/scripts/ensure-deps.mjs; then
  echo "run-e2e: node/npm unavailable: gas is not measured" >&2; GAS="--no-gas"
fi
echo "== zkinfer: benchmark ($RUNS runs per model and backend)"
ZKINFER_NO_PROGRESS=1 ./zkinfer bench --runs "$RUNS" --backends "$BACKENDS" ${MODELS:+--models "$MODELS"} $GAS \
  --ezkl-results "$EZKL_JSON" --machine "$MACHINE" --out "$OUT"
ZK=$?
if [[ $ZK -ne 0 ]]; then echo "run-e2e: a zkinfer run failed (exit $ZK)" >&2; exit 3; fi
if [[ $EZKL_STATUS != ok ]]; then echo "run-e2e: EZKL was NOT measured: exit 4" >&2; exit 4; fi
echo "run-e2e: done: $OUT/summary.md"
