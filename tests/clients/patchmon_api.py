#!/usr/bin/env python3
"""PatchMon Integration API example client (chapter 31), standard library only.

Usage:
  export PATCHMON_URL=https://patchmon.example.com
  export PATCHMON_API_KEY=patchmon_ae_...      # Token Key (Basic auth username)
  export PATCHMON_API_SECRET=...               # Token Secret (Basic auth password)
  ./patchmon_api.py hosts [HOSTGROUP]          # list hosts with their groups
  ./patchmon_api.py stats                      # list hosts with inline update counts (include=stats)
  ./patchmon_api.py updates HOST_ID            # packages with available updates (updates_only=true)
  ./patchmon_api.py inventory                  # Ansible dynamic inventory JSON
"""

import base64
import json
import os
import sys
import urllib.error
import urllib.parse
import urllib.request

API_KEY = os.environ.get("PATCHMON_API_KEY")
API_SECRET = os.environ.get("PATCHMON_API_SECRET")
BASE_URL = os.environ.get("PATCHMON_URL", "https://patchmon.example.com").rstrip("/")


def get(path, params=None):
    """GET an Integration API path with Basic auth; returns the parsed JSON or exits with the server's error."""
    url = f"{BASE_URL}{path}"
    if params:
        url += "?" + urllib.parse.urlencode(params)
    token = base64.b64encode(f"{API_KEY}:{API_SECRET}".encode()).decode()
    request = urllib.request.Request(url, headers={"Authorization": f"Basic {token}", "Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.load(response)
    except urllib.error.HTTPError as e:
        try:
            error = json.load(e).get("error")
        except ValueError:
            error = e.reason
        print(f"Error: {e.code} - {error}", file=sys.stderr)
        sys.exit(1)
    except urllib.error.URLError as e:
        print(f"Request failed: {e.reason}", file=sys.stderr)
        sys.exit(1)


def list_hosts(hostgroup=None):
    data = get("/api/v1/api/hosts", {"hostgroup": hostgroup} if hostgroup else None)
    print(f"Total hosts: {data['total']}")
    for host in data["hosts"]:
        groups = ", ".join(g["name"] for g in host["host_groups"])
        print(f"  {host['friendly_name']} ({host['ip']}) - Groups: {groups}")


def list_stats():
    data = get("/api/v1/api/hosts", {"include": "stats"})
    for host in data["hosts"]:
        print(f"{host['friendly_name']}: {host['updates_count']} updates, "
              f"{host['security_updates_count']} security, "
              f"{host['total_packages']} total packages")


def list_updates(host_id):
    data = get(f"/api/v1/api/hosts/{urllib.parse.quote(host_id)}/packages", {"updates_only": "true"})
    print(f"Host: {data['host']['friendly_name']}")
    print(f"Packages needing updates: {data['total']}")
    for pkg in data["packages"]:
        security = " [SECURITY]" if pkg["is_security_update"] else ""
        print(f"  {pkg['name']}: {pkg['current_version']} → {pkg['available_version']}{security}")


def inventory():
    data = get("/api/v1/api/hosts")
    result = {"_meta": {"hostvars": {}}, "all": {"hosts": []}}
    groups = {}
    for host in data["hosts"]:
        name = host["friendly_name"]
        result["all"]["hosts"].append(name)
        result["_meta"]["hostvars"][name] = {"ansible_host": host["ip"], "patchmon_id": host["id"],
                                             "patchmon_hostname": host["hostname"]}
        for group in host["host_groups"]:
            group_name = group["name"].lower().replace(" ", "_").replace("-", "_")
            groups.setdefault(group_name, {"hosts": [], "vars": {"patchmon_group_id": group["id"]}})["hosts"].append(name)
    result.update(groups)
    print(json.dumps(result, indent=2))


def main():
    if not API_KEY or not API_SECRET:
        print("Error: PATCHMON_API_KEY and PATCHMON_API_SECRET must be set", file=sys.stderr)
        sys.exit(1)
    command = sys.argv[1] if len(sys.argv) > 1 else "hosts"
    if command == "hosts":
        list_hosts(sys.argv[2] if len(sys.argv) > 2 else None)
    elif command == "stats":
        list_stats()
    elif command == "updates" and len(sys.argv) == 3:
        list_updates(sys.argv[2])
    elif command == "inventory":
        inventory()
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
