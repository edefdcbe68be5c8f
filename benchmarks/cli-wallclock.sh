#!/usr/bin/env bash
# Whole-process wall clock of one CLI command, as a user sees it (hyperfine is not installed here):
#   benchmarks/cli-wallclock.sh RUNS COMMAND [ARGS...]
# Runs COMMAND RUNS times (after one unmeasured warm-up run: file cache, JIT-independent), each under
# /usr/bin/time, and prints the median wall time, the median CPU time (user + system, all threads: less sensitive
# to other jobs on a shared machine than the wall time), the median peak RSS and the 1-minute load average before
# and after (a wall time without its load is not comparable). Output of COMMAND is discarded.
set -euo pipefail
runs=$1; shift
[[ -x /usr/bin/time ]] || { echo "cli-wallclock: /usr/bin/time is needed" >&2; exit 2; }
load() { cut -d' ' -f1 /proc/loadavg; }
before=$(load)
"$@" >/dev/null 2>&1 || { echo "cli-wallclock: the command failed: $*" >&2; exit 3; }
walls=(); cpus=(); rss=()
tfile=$(mktemp); trap 'rm -f "$tfile"' EXIT
for ((i = 0; i < runs; i++)); do
  /usr/bin/time -o "$tfile" -f '%e %U %S %M' "$@" >/dev/null 2>&1 || true
  out=$(tail -1 "$tfile")
  read -r wall user sys peak <<<"$out"
  walls+=("$wall"); cpus+=("$(awk -v u="$user" -v s="$sys" 'BEGIN {print u + s}')"); rss+=("$peak")
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
printf 'median of %d: %s s wall, %s s CPU, %d MiB peak RSS (wall of each run: %s s; load %s -> %s)\n' "$runs" \
  "$(median "${walls[@]}")" "$(median "${cpus[@]}")" \
  "$(( $(median "${rss[@]}" | cut -d. -f1) / 1024 ))" "${walls[*]}" "$before" "$(load)"
