#!/bin/sh
# patchmon-agent: this file is a POSIX shell launcher followed by the agent's jar (java reads
# the zip from its end, so the script in front does not disturb it).
# PATCHMON_JAVA picks the runtime; otherwise the one the installer placed, then java on PATH.
# The flags keep a mostly idle daemon small: one GC thread, a capped heap, C1 only, small stacks.
JAVA="${PATCHMON_JAVA:-}"
if [ -z "$JAVA" ]; then
    for candidate in /opt/patchmon/jre/bin/java /usr/local/openjdk17/bin/java; do
        if [ -x "$candidate" ]; then JAVA="$candidate"; break; fi
    done
fi
[ -n "$JAVA" ] || JAVA=$(command -v java) || { echo "patchmon-agent: no Java runtime found (set PATCHMON_JAVA)" >&2; exit 127; }
exec "$JAVA" ${PATCHMON_AGENT_JAVA_OPTS:--XX:+UseSerialGC -Xmx96m -Xss512k -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -Xshare:auto} \
    -Dpatchmon.agent.launcher="$0" -jar "$0" "$@"
exit 1
