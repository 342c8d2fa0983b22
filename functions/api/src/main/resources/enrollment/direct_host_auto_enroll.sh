#!/usr/bin/env bash
# PatchMon direct-host auto-enrollment, served by PatchMon Cloud
# (GET /api/v1/auto-enrollment/script?type=direct-host).
#
# Run as root on the machine to enroll: it enrolls this machine with the auto-enrollment token
# (POST /api/v1/auto-enrollment/enroll) and installs the PatchMon agent with the credentials the
# server returns. A machine that already has a working agent is skipped, so reruns are safe.
#
# Environment: PATCHMON_URL, AUTO_ENROLLMENT_KEY, AUTO_ENROLLMENT_SECRET, CURL_FLAGS (-s),
# DRY_RUN (false), HOST_PREFIX (""), FORCE_INSTALL (false), DEBUG (false), and the agent
# installer's PATCHMON_CONFIG_DIR (/etc/patchmon) and PATCHMON_BIN_DIR (/usr/local/bin).

set -uo pipefail

# ===== CONFIGURATION =====
PATCHMON_URL="${PATCHMON_URL:-__PATCHMON_URL__}"
AUTO_ENROLLMENT_KEY="${AUTO_ENROLLMENT_KEY:-__AUTO_ENROLLMENT_KEY__}"
AUTO_ENROLLMENT_SECRET="${AUTO_ENROLLMENT_SECRET:-__AUTO_ENROLLMENT_SECRET__}"
CURL_FLAGS="${CURL_FLAGS:--s}"
DRY_RUN="${DRY_RUN:-false}"
HOST_PREFIX="${HOST_PREFIX:-}"
FORCE_INSTALL="${FORCE_INSTALL:-__FORCE_INSTALL__}"
DEBUG="${DEBUG:-false}"
CONFIG_DIR="${PATCHMON_CONFIG_DIR:-/etc/patchmon}"
AGENT="${PATCHMON_BIN_DIR:-/usr/local/bin}/patchmon-agent"

if [[ -t 1 ]]; then
    RED=$'\033[0;31m' GREEN=$'\033[0;32m' YELLOW=$'\033[1;33m' BLUE=$'\033[0;34m' NC=$'\033[0m'
else
    RED="" GREEN="" YELLOW="" BLUE="" NC=""
fi

info()    { printf '%s[INFO]%s %s\n' "$BLUE" "$NC" "$*"; }
success() { printf '%s[SUCCESS]%s %s\n' "$GREEN" "$NC" "$*"; }
warn()    { printf '%s[WARN]%s %s\n' "$YELLOW" "$NC" "$*"; }
error()   { printf '%s[ERROR]%s %s\n' "$RED" "$NC" "$*" >&2; }
debug()   { if [[ "$DEBUG" == "true" ]]; then printf '[DEBUG] %s\n' "$*" >&2; fi; }

enrolled=0
skipped=0
failed=0

summary() {
    local dry=""
    if [[ "$DRY_RUN" == "true" ]]; then
        dry=" (dry run)"
    fi
    info "═══════════════════════════════════════════"
    info "Enrollment Summary"
    info "═══════════════════════════════════════════"
    info "Successfully Enrolled:  $enrolled$dry"
    info "Skipped:                $skipped"
    info "Failed:                 $failed"
}

finish() {
    summary
    [[ "$failed" -eq 0 ]]
    exit $?
}

# ===== CHECKS =====
for cmd in curl jq; do
    if ! command -v "$cmd" >/dev/null 2>&1; then
        error "Required command '$cmd' not found. Please install it first."
        exit 1
    fi
done
if [[ -z "$AUTO_ENROLLMENT_KEY" || -z "$AUTO_ENROLLMENT_SECRET" || "$AUTO_ENROLLMENT_KEY" == "your_key_here" ]]; then
    error "AUTO_ENROLLMENT_KEY and AUTO_ENROLLMENT_SECRET must be set"
    exit 1
fi
if [[ "$DRY_RUN" != "true" && "$(id -u)" -ne 0 ]]; then
    error "This script must be run as root"
    exit 1
fi
PATCHMON_URL="${PATCHMON_URL%/}"
INSTALL_URL="$PATCHMON_URL/api/v1/hosts/install"
case " $CURL_FLAGS " in
    *" -k "*|*" -sk "*|*" -ks "*|*"--insecure"*) INSTALL_URL="$INSTALL_URL?skip_ssl_verify=true" ;;
esac

if [[ -f "$CONFIG_DIR/config.yml" && -f "$CONFIG_DIR/credentials.yml" ]]; then
    if "$AGENT" ping >/dev/null 2>&1; then
        info "✓ Host already enrolled and agent ping successful - skipping enrollment"
        skipped=1
        finish
    fi
    warn "Agent configuration found in $CONFIG_DIR but ping failed - enrolling again"
fi

hostname=$(hostname -f 2>/dev/null || hostname)
friendly_name="${HOST_PREFIX}${hostname}"
ip_address=$(hostname -I 2>/dev/null | awk '{print $1}')
os_info=$(sed -n 's/^PRETTY_NAME="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' /etc/os-release 2>/dev/null | head -n 1)
machine_id=$(head -n 1 /etc/machine-id 2>/dev/null | tr -d '[:space:]')
info "Processing host: $friendly_name"

if [[ "$DRY_RUN" == "true" ]]; then
    info "  [DRY RUN] Would enroll: $friendly_name"
    enrolled=1
    finish
fi

payload=$(jq -n --arg friendly_name "$friendly_name" --arg machine_id "$machine_id" --arg ip "$ip_address" --arg os "$os_info" \
    '{friendly_name: $friendly_name, metadata: {ip_address: $ip, os_info: $os}}
     + (if $machine_id == "" then {} else {machine_id: $machine_id} end)')
debug "request: $payload"
# shellcheck disable=SC2086
response=$(curl $CURL_FLAGS -w '\n%{http_code}' -X POST \
    -H "X-Auto-Enrollment-Key: $AUTO_ENROLLMENT_KEY" \
    -H "X-Auto-Enrollment-Secret: $AUTO_ENROLLMENT_SECRET" \
    -H "Content-Type: application/json" \
    -d "$payload" "$PATCHMON_URL/api/v1/auto-enrollment/enroll")
http_code=$(tail -n 1 <<<"$response")
body=$(sed '$d' <<<"$response")
debug "response ($http_code): $body"

if [[ "$http_code" == "000" ]]; then
    error "Failed to enroll $friendly_name - cannot reach $PATCHMON_URL"
    failed=1
    finish
fi
if [[ "$http_code" == "429" ]]; then
    error "Rate limit exceeded - maximum hosts per day reached"
    failed=1
    finish
fi
if [[ "$http_code" != "201" ]]; then
    error "Failed to enroll $friendly_name - HTTP $http_code"
    error "Response: $body"
    failed=1
    finish
fi
api_id=$(jq -r '.host.api_id // empty' <<<"$body")
api_key=$(jq -r '.host.api_key // empty' <<<"$body")
info "  Enrolled $friendly_name (api_id: $api_id)"

if [[ "$FORCE_INSTALL" == "true" ]]; then
    INSTALL_URL="$INSTALL_URL$([[ "$INSTALL_URL" == *\?* ]] && echo '&' || echo '?')force=true"
fi
# Download first, then run: a refused download must not run an error page as a script.
# shellcheck disable=SC2086
if ! installer=$(curl $CURL_FLAGS -f -H "X-API-ID: $api_id" -H "X-API-KEY: $api_key" "$INSTALL_URL"); then
    warn "Failed to download the agent installer for $friendly_name"
    failed=1
    finish
fi
output=$(printf '%s\n' "$installer" | sh 2>&1)
rc=$?
debug "install output: $output"
if [[ "$rc" -ne 0 ]]; then
    warn "Failed to install agent in $friendly_name (exit: $rc)"
    warn "Install output: $(tail -n 5 <<<"$output")"
    failed=1
    finish
fi
success "  $friendly_name enrolled and agent installed"
enrolled=1
finish
