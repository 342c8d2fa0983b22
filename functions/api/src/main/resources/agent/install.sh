#!/bin/sh
# PatchMon agent installer, served by PatchMon Cloud (GET /api/v1/hosts/install).
# The server fills in its URL and a single-use bootstrap token valid for five minutes;
# the token is exchanged for this host's API credentials, so the key never appears here.
set -eu

PATCHMON_SERVER="__PATCHMON_SERVER__"
BOOTSTRAP_TOKEN="__BOOTSTRAP_TOKEN__"
CURL_FLAGS="${CURL_FLAGS:-__CURL_FLAGS__}"
# "Force install (bypass broken packages)": the install command's force=true.
FORCE_INSTALL="${FORCE_INSTALL:-__FORCE_INSTALL__}"
# The install command's arch= override; empty means detect it below.
ARCH="__ARCH__"
CONFIG_DIR="${PATCHMON_CONFIG_DIR:-/etc/patchmon}"
BIN_DIR="${PATCHMON_BIN_DIR:-/usr/local/bin}"

fail() { echo "ERROR: $*" >&2; exit 1; }
warn() { echo "WARNING: $*" >&2; }

[ "$(id -u)" -eq 0 ] || fail "run as root (pipe the command into sudo sh)"
command -v curl >/dev/null 2>&1 || fail "curl is required"

case "$(uname -s)" in
    Linux) OS=linux ;;
    FreeBSD) OS=freebsd ;;
    *) fail "unsupported operating system: $(uname -s)" ;;
esac
if [ -z "$ARCH" ]; then
    case "$(uname -m)" in
        x86_64|amd64) ARCH=amd64 ;;
        aarch64|arm64) ARCH=arm64 ;;
        armv7l|armv6l) ARCH=arm ;;
        i386|i686) ARCH=386 ;;
        *) fail "unsupported architecture: $(uname -m)" ;;
    esac
fi
[ "$FORCE_INSTALL" = "true" ] && warn "force mode: broken packages on this host are bypassed"

# The agent is a Java program: it needs a Java 17 or newer runtime. An existing one is kept.
java_major() {
    "$1" -version 2>&1 | sed -n 's/.*version "\([0-9]*\)[."].*/\1/p' | head -n 1
}
find_java() {
    for candidate in "${PATCHMON_JAVA:-}" /opt/patchmon/jre/bin/java "$(command -v java 2>/dev/null || true)" \
        /usr/local/openjdk21/bin/java /usr/local/openjdk17/bin/java /usr/lib/jvm/*/bin/java; do
        [ -n "$candidate" ] && [ -x "$candidate" ] || continue
        major=$(java_major "$candidate")
        if [ -n "$major" ] && [ "$major" -ge 17 ]; then
            echo "$candidate"
            return 0
        fi
    done
    return 1
}
# One package through the host's package manager. Force mode tells the manager to repair or skip
# what is broken and to keep existing configuration files; pacman has no such option, and for pkg
# install_java repairs missing dependencies first.
install_package() {
    if command -v apt-get >/dev/null 2>&1; then
        if [ "$FORCE_INSTALL" = "true" ]; then
            DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends --fix-broken \
                -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "$1"
        else
            DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$1"
        fi
    elif command -v dnf >/dev/null 2>&1; then
        if [ "$FORCE_INSTALL" = "true" ]; then dnf install -y -q --skip-broken "$1"; else dnf install -y -q "$1"; fi
    elif command -v yum >/dev/null 2>&1; then
        if [ "$FORCE_INSTALL" = "true" ]; then yum install -y -q --skip-broken "$1"; else yum install -y -q "$1"; fi
    elif command -v zypper >/dev/null 2>&1; then
        if [ "$FORCE_INSTALL" = "true" ]; then zypper --non-interactive install --force-resolution "$1"; else zypper --non-interactive install "$1"; fi
    elif command -v apk >/dev/null 2>&1; then
        if [ "$FORCE_INSTALL" = "true" ]; then apk add --no-cache --force-broken-world "$1"; else apk add --no-cache "$1"; fi
    elif command -v pacman >/dev/null 2>&1; then
        pacman -S --noconfirm --needed "$1"
    elif command -v pkg >/dev/null 2>&1; then
        ASSUME_ALWAYS_YES=yes pkg install -y "$1"
    fi
}
# Tries the runtimes the host's package manager may offer, newest first. A manager that exits
# with an error may still have installed the runtime (force mode on a broken database), so the
# runtime itself is what is checked.
install_java() {
    if command -v apt-get >/dev/null 2>&1; then
        # dpkg --audit lists half-installed packages, which apt-get update cannot mend.
        if [ "$FORCE_INSTALL" = "true" ] && [ -n "$(dpkg --audit 2>/dev/null || true)" ]; then
            warn "broken packages found: skipping apt-get update"
        else
            DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null || true
        fi
        candidates="openjdk-21-jre-headless openjdk-17-jre-headless openjdk-25-jre-headless"
    elif command -v dnf >/dev/null 2>&1; then
        candidates="java-21-openjdk-headless java-17-openjdk-headless"
    elif command -v yum >/dev/null 2>&1; then
        # EL7 offers no Java 17 in its base repositories; Amazon Linux 2 has Corretto.
        candidates="java-17-openjdk-headless java-17-amazon-corretto-headless java-21-amazon-corretto-headless"
    elif command -v zypper >/dev/null 2>&1; then
        candidates="java-21-openjdk-headless java-17-openjdk-headless"
    elif command -v apk >/dev/null 2>&1; then
        candidates="openjdk21-jre-headless openjdk17-jre-headless"
    elif command -v pacman >/dev/null 2>&1; then
        candidates="jre21-openjdk-headless jre17-openjdk-headless"
    elif command -v pkg >/dev/null 2>&1; then
        [ "$FORCE_INSTALL" = "true" ] && { ASSUME_ALWAYS_YES=yes pkg check -d -y >/dev/null 2>&1 || true; }
        candidates="openjdk21 openjdk17"
    else
        return 1
    fi
    for package in $candidates; do
        install_package "$package" >/dev/null 2>&1 || true
        find_java >/dev/null && return 0
    done
    return 1
}
if JAVA=$(find_java); then
    echo "Using Java runtime $JAVA"
else
    echo "Installing a Java runtime (17 or newer)..."
    install_java || true
    if ! JAVA=$(find_java); then
        [ "$FORCE_INSTALL" = "true" ] && fail "no Java 17+ runtime could be installed, even in force mode: install one (e.g. openjdk-17-jre-headless) and re-run"
        fail "no Java 17+ runtime could be installed: install one (e.g. openjdk-17-jre-headless) and re-run, or, if the package manager reports broken packages, tick Force install (bypass broken packages) in Deploy Agent and run the regenerated command"
    fi
    echo "Using Java runtime $JAVA"
fi

echo "Exchanging the bootstrap token for API credentials..."
CREDENTIALS=$(curl $CURL_FLAGS -sS -f -X POST -H "Content-Type: application/json" \
    -d "{\"token\":\"$BOOTSTRAP_TOKEN\"}" "$PATCHMON_SERVER/api/v1/hosts/bootstrap/exchange") \
    || fail "the bootstrap token was refused (it is single-use and expires after 5 minutes): copy a fresh command"
API_ID=$(printf '%s' "$CREDENTIALS" | sed -n 's/.*"apiId":"\([^"]*\)".*/\1/p')
API_KEY=$(printf '%s' "$CREDENTIALS" | sed -n 's/.*"apiKey":"\([^"]*\)".*/\1/p')
[ -n "$API_ID" ] && [ -n "$API_KEY" ] || fail "unexpected answer from the bootstrap exchange"

echo "Downloading patchmon-agent-$OS-$ARCH..."
TMP=$(mktemp)
trap 'rm -f "$TMP"' EXIT
# On AWS the server answers with a short-lived S3 link instead of the bytes. The link is
# followed by a second request, so the API key is never sent to another host.
RESULT=$(curl $CURL_FLAGS -sS -f -H "X-API-ID: $API_ID" -H "X-API-KEY: $API_KEY" -w '%{http_code} %{redirect_url}' \
    "$PATCHMON_SERVER/api/v1/hosts/agent/download?os=$OS&arch=$ARCH" -o "$TMP") \
    || fail "the agent download failed"
case "$RESULT" in
    30[1237]\ ?*) curl $CURL_FLAGS -sS -f "${RESULT#* }" -o "$TMP" || fail "the agent download failed" ;;
esac

echo "Installing to $BIN_DIR/patchmon-agent"
install -m 0755 "$TMP" "$BIN_DIR/patchmon-agent"

mkdir -p "$CONFIG_DIR/logs"
echo "Writing $CONFIG_DIR/config.yml"
umask 077
cat > "$CONFIG_DIR/config.yml.tmp" <<CONFIG
patchmon_server: "$PATCHMON_SERVER"
api_version: "v1"
credentials_file: "$CONFIG_DIR/credentials.yml"
log_file: "$CONFIG_DIR/logs/patchmon-agent.log"
log_level: "info"
skip_ssl_verify: false
update_interval: 60
integrations:
  docker: false
  compliance:
    enabled: false
CONFIG
mv "$CONFIG_DIR/config.yml.tmp" "$CONFIG_DIR/config.yml"
echo "Writing $CONFIG_DIR/credentials.yml"
cat > "$CONFIG_DIR/credentials.yml.tmp" <<CREDS
api_id: "$API_ID"
api_key: "$API_KEY"
CREDS
chmod 0600 "$CONFIG_DIR/credentials.yml.tmp"
mv "$CONFIG_DIR/credentials.yml.tmp" "$CONFIG_DIR/credentials.yml"

echo "Starting patchmon-agent service"
# systemctl may be installed where systemd is not running (containers, chroots): ask for the running init.
# A re-run replaces the unit and restarts the service, so it always runs the binary just installed.
if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
    cat > /etc/systemd/system/patchmon-agent.service <<UNIT
[Unit]
Description=PatchMon agent
After=network-online.target
Wants=network-online.target

[Service]
Environment=PATCHMON_JAVA=$JAVA
ExecStart=$BIN_DIR/patchmon-agent --config-dir $CONFIG_DIR serve
Restart=always
RestartSec=10

[Install]
WantedBy=multi-user.target
UNIT
    systemctl daemon-reload
    systemctl enable patchmon-agent >/dev/null 2>&1
    systemctl restart patchmon-agent
elif command -v rc-service >/dev/null 2>&1; then
    cat > /etc/init.d/patchmon-agent <<RC
#!/sbin/openrc-run
description="PatchMon agent"
export PATCHMON_JAVA="$JAVA"
command="$BIN_DIR/patchmon-agent"
command_args="--config-dir $CONFIG_DIR serve"
command_background=true
pidfile="/run/patchmon-agent.pid"
depend() {
    need net
}
RC
    chmod 0755 /etc/init.d/patchmon-agent
    rc-update add patchmon-agent default >/dev/null 2>&1
    rc-service patchmon-agent restart
elif [ "$OS" = freebsd ] && [ -d /usr/local/etc/rc.d ]; then
    cat > /usr/local/etc/rc.d/patchmon_agent <<RC
#!/bin/sh
# PROVIDE: patchmon_agent
# REQUIRE: LOGIN NETWORKING
# KEYWORD: shutdown
. /etc/rc.subr
name="patchmon_agent"
rcvar="patchmon_agent_enable"
pidfile="/var/run/patchmon_agent.pid"
command="/usr/sbin/daemon"
command_args="-f -r -P \${pidfile} /usr/bin/env PATCHMON_JAVA=$JAVA $BIN_DIR/patchmon-agent --config-dir $CONFIG_DIR serve"
load_rc_config \$name
: \${patchmon_agent_enable:="NO"}
run_rc_command "\$1"
RC
    chmod 0755 /usr/local/etc/rc.d/patchmon_agent
    sysrc patchmon_agent_enable=YES >/dev/null
    service patchmon_agent restart
else
    echo "No systemd, OpenRC or rc.d found: start 'PATCHMON_JAVA=$JAVA $BIN_DIR/patchmon-agent serve' with your service manager."
fi
PATCHMON_JAVA="$JAVA" "$BIN_DIR/patchmon-agent" --config-dir "$CONFIG_DIR" ping || true
echo "PatchMon agent installed."
