#!/bin/sh
# PatchMon agent installer, served by PatchMon Cloud (GET /api/v1/hosts/install).
# The server fills in its URL and a single-use bootstrap token valid for five minutes;
# the token is exchanged for this host's API credentials, so the key never appears here.
set -eu

PATCHMON_SERVER="__PATCHMON_SERVER__"
BOOTSTRAP_TOKEN="__BOOTSTRAP_TOKEN__"
CURL_FLAGS="${CURL_FLAGS:-__CURL_FLAGS__}"
CONFIG_DIR="${PATCHMON_CONFIG_DIR:-/etc/patchmon}"
BIN_DIR="${PATCHMON_BIN_DIR:-/usr/local/bin}"

fail() { echo "ERROR: $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || fail "run as root (pipe the command into sudo sh)"
command -v curl >/dev/null 2>&1 || fail "curl is required"

case "$(uname -s)" in
    Linux) OS=linux ;;
    FreeBSD) OS=freebsd ;;
    *) fail "unsupported operating system: $(uname -s)" ;;
esac
case "$(uname -m)" in
    x86_64|amd64) ARCH=amd64 ;;
    aarch64|arm64) ARCH=arm64 ;;
    armv7l|armv6l) ARCH=arm ;;
    i386|i686) ARCH=386 ;;
    *) fail "unsupported architecture: $(uname -m)" ;;
esac

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
if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
    cat > /etc/systemd/system/patchmon-agent.service <<UNIT
[Unit]
Description=PatchMon agent
After=network-online.target
Wants=network-online.target

[Service]
ExecStart=$BIN_DIR/patchmon-agent serve
Restart=always
RestartSec=10

[Install]
WantedBy=multi-user.target
UNIT
    systemctl daemon-reload
    systemctl enable --now patchmon-agent
elif command -v rc-service >/dev/null 2>&1; then
    cat > /etc/init.d/patchmon-agent <<RC
#!/sbin/openrc-run
command="$BIN_DIR/patchmon-agent"
command_args="serve"
command_background=true
pidfile="/run/patchmon-agent.pid"
RC
    chmod 0755 /etc/init.d/patchmon-agent
    rc-update add patchmon-agent default
    rc-service patchmon-agent start
else
    echo "No systemd or OpenRC found: start '$BIN_DIR/patchmon-agent serve' with your service manager."
fi
"$BIN_DIR/patchmon-agent" ping || true
echo "PatchMon agent installed."
