# Sourced by ./test.sh, ./zkinfer and .ci/run: makes sure the build's tools are here, installing from Debian what is
# missing (Go, Node.js + npm, gcc), and finds a JDK 22+ (it cannot be installed from Debian's bookworm archive).
# Usage: zkinfer_setup [go] [node] [jdk17] [rust]   (the JDK 22+ is always checked; jdk17: a JDK 17 for the
# verifier's Java 17 embedding test, Java17EmbeddingIT, installed from Debian if missing; only required when CI is
# set; rust: cargo 1.95+ for the NEAR contracts)
source "$(dirname "${BASH_SOURCE[0]}")/find-jdk.sh"

zkinfer_apt_install() {
  local sudo=""
  [[ $(id -u) -ne 0 ]] && command -v sudo >/dev/null 2>&1 && sudo="sudo"
  command -v apt-get >/dev/null 2>&1 || { echo "zkinfer: please install: $*" >&2; return 1; }
  echo "zkinfer: installing $* from Debian..." >&2
  $sudo apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >&2
}

# zkinfer_rust_at_least MAJOR MINOR: is cargo's Rust release at least MAJOR.MINOR?
zkinfer_rust_at_least() {
  local v
  v=$(cargo --version 2>/dev/null | sed -n 's/^cargo \([0-9]*\)\.\([0-9]*\).*/\1 \2/p')
  [[ -n $v ]] || return 1
  set -- "$1" "$2" $v
  (( $3 > $1 || ($3 == $1 && $4 >= $2) ))
}

zkinfer_setup() {
  zkinfer_find_jdk || return 1
  local want
  for want in "$@"; do
    case "$want" in
      go)
        # go.mod pins go 1.25.7; any go >= 1.21 fetches that toolchain through the Go module proxy by itself.
        command -v go >/dev/null 2>&1 || zkinfer_apt_install golang-go || return 1
        command -v gcc >/dev/null 2>&1 || zkinfer_apt_install gcc libc6-dev || return 1   # cgo, c-shared
        export GOTOOLCHAIN="${GOTOOLCHAIN:-auto}" ;;
      node)
        { command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; } || zkinfer_apt_install nodejs npm || return 1 ;;
      rust)
        # the NEAR contracts (contracts/near): near-sdk 5.30 needs Rust 1.95+. rustup's ~/.cargo/bin first, then PATH,
        # then Debian's cargo (older releases ship an older Rust: then the message says to install rustup).
        [[ -x $HOME/.cargo/bin/cargo ]] && export PATH="$HOME/.cargo/bin:$PATH"
        command -v cargo >/dev/null 2>&1 || zkinfer_apt_install cargo rustc || return 1
        zkinfer_rust_at_least 1 95 || {
          echo "zkinfer: $(cargo --version 2>&1) is older than Rust 1.95, which near-sdk 5.30 needs: install rustup" \
            "(https://rustup.rs) and run 'rustup default stable'" >&2
          return 1
        } ;;
      jdk17)
        zkinfer_find_jdk17 || zkinfer_apt_install openjdk-17-jdk-headless || {
          [[ -z "${CI:-}" ]] || return 1
          echo "zkinfer: no JDK 17: the verifier's Java 17 test will be skipped (CI unset)" >&2
        } ;;
    esac
  done
}

zkinfer_find_jdk17() {  # a JDK 17 where Java17EmbeddingIT looks: $ZKINFER_JDK17_HOME or /usr/lib/jvm/*
  local dir
  for dir in ${ZKINFER_JDK17_HOME:+"$ZKINFER_JDK17_HOME"} /usr/lib/jvm/*; do
    [[ -x "$dir/bin/javac" ]] && grep -q '^JAVA_VERSION="17' "$dir/release" 2>/dev/null && return 0
  done
  return 1
}

# zkinfer_maven_with_progress ARGS...: ./mvnw -B ARGS with one line per step on stderr instead of minutes of silence
# (each Maven module, the Go library, npm installs), with the seconds elapsed; the full log goes to a temporary file
# whose last 60 lines are shown if the build fails.
zkinfer_maven_with_progress() {
  local log start rc errexit=0
  [[ $- == *e* ]] && errexit=1
  log=$(mktemp "${TMPDIR:-/tmp}/zkinfer-build.XXXXXX.log")
  start=$SECONDS
  set +e
  ./mvnw -B "$@" 2>&1 | tee "$log" | awk -v now_cmd="date +%s" '
    BEGIN { "date +%s" | getline t0; close("date +%s") }
    function say(msg,   t) { now_cmd | getline t; close(now_cmd); printf "zkinfer: [%4ds] %s\n", t - t0, msg > "/dev/stderr"; fflush("/dev/stderr") }
    /^\[INFO\] Building .*\[[0-9]+\/[0-9]+\]/ { line = $0; sub(/^\[INFO\] Building /, "", line); sub(/ [0-9A-Za-z.-]+-SNAPSHOT/, "", line); gsub(/ +/, " ", line); say("Maven module " line) }
    /go-build-shared-library/ { say("Go prover library (go build -buildmode=c-shared; the first build fetches and compiles gnark)") }
    /npm (ci|install)/ { say("npm tools: " $0) }
    /BUILD SUCCESS/ { say("build done") }'
  rc=${PIPESTATUS[0]}
  ((errexit)) && set -e
  if [[ $rc -ne 0 ]]; then
    echo "zkinfer: build failed after $((SECONDS - start)) s; the last lines of $log:" >&2
    tail -n 60 "$log" >&2
  else
    rm -f "$log"
  fi
  return "$rc"
}
