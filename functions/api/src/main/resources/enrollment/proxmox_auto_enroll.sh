#!/usr/bin/env bash
# PatchMon Proxmox LXC auto-enrollment, served by PatchMon Cloud
# (GET /api/v1/auto-enrollment/script?type=proxmox-lxc).
#
# Run as root on a Proxmox host. Discovers the LXC containers with `pct list`, enrolls each
# running one with the auto-enrollment token (POST /api/v1/auto-enrollment/enroll) and installs
# the PatchMon agent inside it with `pct exec`. Containers that already have a working agent are
# skipped, so the script is safe to rerun (from cron, for instance).
#
# Environment: PATCHMON_URL, AUTO_ENROLLMENT_KEY, AUTO_ENROLLMENT_SECRET, CURL_FLAGS (-s),
# DRY_RUN (false), HOST_PREFIX (""), SKIP_STOPPED (true), FORCE_INSTALL (false), DEBUG (false).

# No -e: one container's failure must not stop the others.
set -uo pipefail

# ===== CONFIGURATION =====
PATCHMON_URL="${PATCHMON_URL:-__PATCHMON_URL__}"
AUTO_ENROLLMENT_KEY="${AUTO_ENROLLMENT_KEY:-__AUTO_ENROLLMENT_KEY__}"
AUTO_ENROLLMENT_SECRET="${AUTO_ENROLLMENT_SECRET:-__AUTO_ENROLLMENT_SECRET__}"
CURL_FLAGS="${CURL_FLAGS:--s}"
DRY_RUN="${DRY_RUN:-false}"
HOST_PREFIX="${HOST_PREFIX:-}"
SKIP_STOPPED="${SKIP_STOPPED:-true}"
FORCE_INSTALL="${FORCE_INSTALL:-__FORCE_INSTALL__}"
DEBUG="${DEBUG:-false}"

# Colours only on a terminal: cron logs stay plain.
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

if [[ "$DEBUG" == "true" ]]; then
    CURL_FLAGS="$CURL_FLAGS -v"
fi

# ===== CHECKS =====
if ! command -v pct >/dev/null 2>&1; then
    error "This script must run on a Proxmox host (pct command not found)"
    exit 1
fi
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
PATCHMON_URL="${PATCHMON_URL%/}"

INSTALL_URL="$PATCHMON_URL/api/v1/hosts/install"
case " $CURL_FLAGS " in
    *" -k "*|*" -sk "*|*" -ks "*|*"--insecure"*) INSTALL_URL="$INSTALL_URL?skip_ssl_verify=true" ;;
esac
if [[ "$FORCE_INSTALL" == "true" ]]; then
    INSTALL_URL="$INSTALL_URL$([[ "$INSTALL_URL" == *\?* ]] && echo '&' || echo '?')force=true"
fi
PROXMOX_NODE="$(hostname -s 2>/dev/null || hostname)"

total=0
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
    info "Total Containers:       $total"
    info "Successfully Enrolled:  $enrolled$dry"
    info "Skipped:                $skipped"
    info "Failed:                 $failed"
}

# Runs a command inside a container; its output is the command's.
in_ct() {
    local vmid="$1"
    shift
    debug "pct exec $vmid -- $*"
    pct exec "$vmid" -- "$@"
}

# A container has a working agent when both files exist and the agent reaches the server.
agent_present() {
    local vmid="$1"
    in_ct "$vmid" test -f /etc/patchmon/config.yml >/dev/null 2>&1 \
        && in_ct "$vmid" test -f /etc/patchmon/credentials.yml >/dev/null 2>&1
}

ensure_curl() {
    local vmid="$1" update="apt-get update -qq >/dev/null 2>&1;" fix=""
    if [[ "$FORCE_INSTALL" == "true" ]]; then
        # Broken packages (CloudPanel, cPanel…) make apt-get update fail: skip it and let apt repair.
        update="dpkg --audit >/dev/null 2>&1 && apt-get update -qq >/dev/null 2>&1;"
        fix="--fix-broken"
    fi
    in_ct "$vmid" sh -c "command -v curl >/dev/null 2>&1 && exit 0
        if command -v apt-get >/dev/null 2>&1; then $update DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $fix curl ca-certificates
        elif command -v dnf >/dev/null 2>&1; then dnf install -y -q curl
        elif command -v yum >/dev/null 2>&1; then yum install -y -q curl
        elif command -v apk >/dev/null 2>&1; then apk add --no-cache curl
        else echo 'no supported package manager to install curl' >&2; exit 1
        fi"
}

install_agent() {
    local vmid="$1" api_id="$2" api_key="$3"
    # Download first, then run: a refused download must not run an error page as a script.
    in_ct "$vmid" sh -c "script=\$(curl $CURL_FLAGS -f -H 'X-API-ID: $api_id' -H 'X-API-KEY: $api_key' '$INSTALL_URL') || exit 1
        printf '%s\n' \"\$script\" | sh"
}

# ===== DISCOVERY =====
if ! containers="$(pct list 2>/dev/null | tail -n +2)"; then
    error "Failed to list LXC containers (pct list)"
    exit 1
fi
total=$(printf '%s\n' "$containers" | grep -c '[0-9]')
info "Found $total LXC container(s)"
if [[ "$total" -eq 0 ]]; then
    summary
    exit 0
fi

while IFS= read -r line; do
    [[ -z "${line// /}" ]] && continue
    vmid=$(awk '{print $1}' <<<"$line")
    status=$(awk '{print $2}' <<<"$line")
    # The Lock column may be empty, so the name is the last field.
    name=$(awk '{print $NF}' <<<"$line")
    info "Processing LXC $vmid: $name (status: $status)"

    if [[ "$status" != "running" && "$SKIP_STOPPED" == "true" ]]; then
        warn "  Skipping LXC $vmid ($name): container is not running"
        skipped=$((skipped + 1))
        continue
    fi

    if [[ "$status" == "running" ]] && agent_present "$vmid" </dev/null; then
        if in_ct "$vmid" /usr/local/bin/patchmon-agent ping </dev/null >/dev/null 2>&1; then
            info "  ✓ Host already enrolled and agent ping successful - skipping enrollment"
            skipped=$((skipped + 1))
            continue
        fi
        warn "  Agent configuration found in LXC $vmid but ping failed - enrolling again"
    fi

    hostname=""
    if [[ "$status" == "running" ]]; then
        hostname=$(in_ct "$vmid" hostname </dev/null 2>/dev/null | head -n 1 | tr -d '[:space:]')
    fi
    if [[ -z "$hostname" ]]; then
        hostname="$name"
    fi
    friendly_name="${HOST_PREFIX}${hostname}"

    ip_address="" os_info="" machine_id=""
    if [[ "$status" == "running" ]]; then
        ip_address=$(in_ct "$vmid" hostname -I </dev/null 2>/dev/null | awk '{print $1}')
        os_info=$(in_ct "$vmid" cat /etc/os-release </dev/null 2>/dev/null | sed -n 's/^PRETTY_NAME="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' | head -n 1)
        machine_id=$(in_ct "$vmid" cat /etc/machine-id </dev/null 2>/dev/null | head -n 1 | tr -d '[:space:]')
    fi
    machine_id="proxmox-lxc-${vmid}${machine_id:+-${machine_id:0:12}}"
    debug "hostname=$hostname ip=$ip_address os=$os_info machine_id=$machine_id"

    if [[ "$DRY_RUN" == "true" ]]; then
        info "  [DRY RUN] Would enroll: $friendly_name"
        enrolled=$((enrolled + 1))
        continue
    fi

    payload=$(jq -n --arg friendly_name "$friendly_name" --arg machine_id "$machine_id" --arg vmid "$vmid" \
        --arg node "$PROXMOX_NODE" --arg ip "$ip_address" --arg os "$os_info" \
        '{friendly_name: $friendly_name, machine_id: $machine_id,
          metadata: {vmid: $vmid, proxmox_node: $node, ip_address: $ip, os_info: $os}}')
    debug "request: $payload"
    # shellcheck disable=SC2086
    response=$(curl $CURL_FLAGS -w '\n%{http_code}' -X POST \
        -H "X-Auto-Enrollment-Key: $AUTO_ENROLLMENT_KEY" \
        -H "X-Auto-Enrollment-Secret: $AUTO_ENROLLMENT_SECRET" \
        -H "Content-Type: application/json" \
        -d "$payload" "$PATCHMON_URL/api/v1/auto-enrollment/enroll" </dev/null)
    http_code=$(tail -n 1 <<<"$response")
    body=$(sed '$d' <<<"$response")
    debug "response ($http_code): $body"

    if [[ "$http_code" == "000" ]]; then
        error "Failed to enroll $friendly_name - cannot reach $PATCHMON_URL"
        failed=$((failed + 1))
        continue
    fi
    if [[ "$http_code" == "429" ]]; then
        error "Rate limit exceeded - maximum hosts per day reached"
        failed=$((failed + 1))
        continue
    fi
    if [[ "$http_code" != "201" ]]; then
        error "Failed to enroll $friendly_name - HTTP $http_code"
        error "Response: $body"
        failed=$((failed + 1))
        continue
    fi
    api_id=$(jq -r '.host.api_id // empty' <<<"$body")
    api_key=$(jq -r '.host.api_key // empty' <<<"$body")
    if [[ -z "$api_id" || -z "$api_key" ]]; then
        error "Failed to enroll $friendly_name - unexpected response"
        failed=$((failed + 1))
        continue
    fi
    info "  Enrolled $friendly_name (api_id: $api_id)"

    if [[ "$status" != "running" ]]; then
        warn "  LXC $vmid is not running: start it and rerun to install the agent"
        failed=$((failed + 1))
        continue
    fi
    if ! output=$(ensure_curl "$vmid" </dev/null 2>&1); then
        warn "Failed to install agent in $friendly_name (curl is missing and could not be installed)"
        warn "Install output: $(tail -n 5 <<<"$output")"
        failed=$((failed + 1))
        continue
    fi
    output=$(install_agent "$vmid" "$api_id" "$api_key" </dev/null 2>&1)
    rc=$?
    debug "install output: $output"
    if [[ "$rc" -ne 0 ]]; then
        warn "Failed to install agent in $friendly_name (exit: $rc)"
        warn "Install output: $(tail -n 5 <<<"$output")"
        failed=$((failed + 1))
        continue
    fi
    success "  $friendly_name enrolled and agent installed"
    enrolled=$((enrolled + 1))
done <<<"$containers"

summary
if [[ "$failed" -gt 0 ]]; then
    exit 1
fi
exit 0
