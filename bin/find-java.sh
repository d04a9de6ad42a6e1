# Sourced by bin/cachewarden, bin/test and bench/run: find_java prints a java >= 21 (JAVA_HOME first,
# then PATH, then the usual JDK directories), or fails.
# A value of the JDK's `release` file (e.g. JAVA_VERSION), or nothing when it has none: reading it costs
# nothing, where asking the JVM (-XshowSettings) starts one, ~0.2 s each time a launcher runs.
java_release() {
  local bin line; bin="$(readlink -f "$1")" || return 0
  [ -f "${bin%/bin/*}/release" ] || return 0
  # Bash's own string handling, not sed and dirname: find_java may look at several JDKs per launch.
  while IFS= read -r line; do
    case "$line" in "$2="*) line="${line#*=}"; line="${line#\"}"; echo "${line%\"}"; return 0 ;; esac
  done < "${bin%/bin/*}/release"
}
java_major() {
  local v; v="$(java_release "$1" JAVA_VERSION 2>/dev/null)"
  [ -n "$v" ] || v="$("$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')"
  echo "${v%%.*}"
}

find_java() {
  local candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME/bin/java")
  command -v java >/dev/null 2>&1 && candidates+=("$(command -v java)")
  for d in /usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -x "$d/bin/java" ] && candidates+=("$d/bin/java")
  done
  for j in "${candidates[@]}"; do
    local v; v="$(java_major "$j" 2>/dev/null || echo 0)"
    if [ -n "$v" ] && [ "$v" -ge 21 ] 2>/dev/null; then echo "$j"; return 0; fi
  done
  return 1
}
