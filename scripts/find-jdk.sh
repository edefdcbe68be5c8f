# Sourced by ./zkinfer and .ci/run: sets ZKINFER_JAVA_HOME to a JDK with java.lang.foreign final (22 or newer).
# Looks at ZKINFER_JAVA_HOME, JAVA_HOME, the java on PATH, then the usual install folders.
zkinfer_java_major() {  # prints the major version of the java binary $1, or nothing
  # the JDK's release file first: starting a JVM only to ask its version costs ~0.5 s on every launch
  local release v
  release="$(dirname "$(dirname "$1")")/release"
  if [[ -f "$release" ]]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release" | head -1)
    [[ -n "$v" ]] && { echo "$v"; return; }
  fi
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}' | cut -d. -f1
}

zkinfer_find_jdk() {
  local candidates=() dir major
  [[ -n "${ZKINFER_JAVA_HOME:-}" ]] && candidates+=("$ZKINFER_JAVA_HOME")
  [[ -n "${JAVA_HOME:-}" ]] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for dir in /usr/lib/jvm/* /opt/java/* /opt/*jdk* /usr/local/*jdk* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/*; do
    [[ -d "$dir" ]] && candidates+=("$dir")
  done
  for dir in "${candidates[@]}"; do
    [[ -x "$dir/bin/java" && -x "$dir/bin/javac" ]] || continue
    major=$(zkinfer_java_major "$dir/bin/java")
    if [[ -n "$major" && "$major" -ge 22 ]]; then
      ZKINFER_JAVA_HOME="$dir"
      export ZKINFER_JAVA_HOME
      return 0
    fi
  done
  {
    echo "zkinfer: no JDK 22 or newer found (the Foreign Function & Memory API is final from Java 22)."
    echo "  looked at: \$ZKINFER_JAVA_HOME, \$JAVA_HOME, the java on PATH, /usr/lib/jvm/*, /opt/java/*, ~/.sdkman, ~/.jdks"
    echo "  install one (e.g. Eclipse Temurin 25 from https://adoptium.net) and set ZKINFER_JAVA_HOME or JAVA_HOME to it."
  } >&2
  return 1
}
