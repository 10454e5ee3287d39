# shellcheck shell=bash
# Sourced by bin/lukhas, bin/test and .ci/run: exports JAVA_HOME pointing at a JDK >= 21.
# Order: $JAVA_HOME if new enough, then /usr/lib/jvm/temurin-25-jdk-amd64, then the newest JDK
# under /usr/lib/jvm; otherwise explain how to install one and fail.

lukhas_release_value() { # $1 = a JDK's release file, $2 = a key; prints the text after KEY= on its line
  local line
  while IFS= read -r line || [ -n "$line" ]; do
    case $line in "$2="*) printf '%s' "${line#"$2="}"; return 0 ;; esac
  done < "$1"
}

lukhas_jdk_major() { # $1 = a JDK home; prints its feature version, or nothing
  local java="$1/bin/java" release="$1/release" v=""
  [ -x "$java" ] && [ -x "$1/bin/javac" ] || return 0
  if [ -r "$release" ]; then
    # the digits after JAVA_VERSION=" (as sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p'), read by bash
    # itself: bin/lukhas sources this on every start, and each external command is a fork and an exec
    v=$(lukhas_release_value "$release" JAVA_VERSION)
    case $v in \"*) v=${v#\"}; v=${v%%[!0-9]*} ;; *) v="" ;; esac
  fi
  if [ -z "$v" ]; then
    v=$("$java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1)
  fi
  [ "$v" = "1" ] && v=8
  printf '%s' "$v"
}

lukhas_find_jdk() {
  local candidate major best="" best_major=0
  if [ -n "${JAVA_HOME:-}" ]; then
    major=$(lukhas_jdk_major "$JAVA_HOME")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then return 0; fi
  fi
  candidate=/usr/lib/jvm/temurin-25-jdk-amd64
  major=$(lukhas_jdk_major "$candidate")
  if [ -n "$major" ] && [ "$major" -ge 21 ]; then export JAVA_HOME="$candidate"; return 0; fi
  for candidate in /usr/lib/jvm/*; do
    [ -d "$candidate" ] && [ ! -L "$candidate" ] || continue
    major=$(lukhas_jdk_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
      best="$candidate"; best_major="$major"
    fi
  done
  if [ -n "$best" ]; then export JAVA_HOME="$best"; return 0; fi
  {
    echo "lukhas: no JDK 21 or newer found."
    echo "  Looked at \$JAVA_HOME (${JAVA_HOME:-unset}), /usr/lib/jvm/temurin-25-jdk-amd64 and /usr/lib/jvm/*."
    echo "  Install one, e.g. 'apt-get install openjdk-21-jdk-headless' (Debian/Ubuntu),"
    echo "  or point JAVA_HOME at a JDK 21+ and run again."
  } >&2
  return 1
}

lukhas_find_jdk || exit 1
export PATH="$JAVA_HOME/bin:$PATH"
# Maven 3.9's Guice calls sun.misc.Unsafe; JDK 24+ warns about it on every run unless told this is known.
if [ "$(lukhas_jdk_major "$JAVA_HOME")" -ge 24 ]; then
  case " ${MAVEN_OPTS:-} " in
    *sun-misc-unsafe-memory-access*) ;;
    *) export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ;;
  esac
fi
