#!/usr/bin/env bash
# The collectors inventory plugin against the emulator's demo organisation.
set -euo pipefail

config=../../integration_config.yml
value() { sed -n "s/^$1: \"\\(.*\\)\"$/\\1/p" "$config"; }
SUMOLOGIC_BASE_URL=$(value sumo_endpoint)
SUMOLOGIC_ACCESSID=$(value sumo_access_id)
SUMOLOGIC_ACCESSKEY=$(value sumo_access_key)
export SUMOLOGIC_BASE_URL SUMOLOGIC_ACCESSID SUMOLOGIC_ACCESSKEY

# Start from the demo organisation.
python -c 'import sys, urllib.request; urllib.request.urlopen(urllib.request.Request(sys.argv[1], data=b"{\"seed\": \"demo\"}", headers={"Content-Type": "application/json"}), timeout=30)' "$(value sumo_control)/reset"

ansible-playbook -i test.sumologic.yml -e "@$config" verify.yml "$@"
ansible-inventory -i all.sumologic.yml --list > all.json
python -c 'import json, sys; hosts = json.load(open("all.json"))["_meta"]["hostvars"]; sys.exit(0 if sorted(hosts) == ["demo-hosted", "old-build-agent", "web-01"] else "unexpected hosts: %s" % sorted(hosts))'
rm -f all.json

# The access key stays out of the output at -vvvv.
if ansible-inventory -vvvv -i all.sumologic.yml --list 2>&1 | grep -F -- "$SUMOLOGIC_ACCESSKEY"; then
    echo "the access key appeared in ansible-inventory -vvvv output" >&2
    exit 1
fi
echo "inventory plugin checks passed"
