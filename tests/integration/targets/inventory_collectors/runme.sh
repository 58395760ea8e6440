#!/usr/bin/env bash
# The collectors inventory plugin against the emulator's demo organisation.
set -euo pipefail

# The plugin reads its connection from the SUMOLOGIC_* variables this exports.
# shellcheck source=../setup_emulator/files/emulator.sh
source ../setup_emulator/files/emulator.sh
reset_emulator

control() {
    python -c 'import sys, urllib.request; print(urllib.request.urlopen(urllib.request.Request(sys.argv[1], method=sys.argv[2], data=sys.argv[3].encode() or None, headers={"Content-Type": "application/json"}), timeout=30).read().decode())' "$SUMO_EMULATOR_CONTROL/$1" "$2" "${3:-}"
}
requests_sent() {
    control requests GET | python -c 'import json, sys; print(json.load(sys.stdin)["total"])'
}

ansible-playbook -i test.sumologic.yml -e "@$EMULATOR_CONFIG" verify.yml "$@"
ansible-inventory -i all.sumologic.yml --list > all.json
python -c 'import json, sys; hosts = json.load(open("all.json"))["_meta"]["hostvars"]; sys.exit(0 if sorted(hosts) == ["demo-hosted", "old-build-agent", "web-01"] else "unexpected hosts: %s" % sorted(hosts))'
rm -f all.json

# With cache: true the collectors are listed once; the next parse reads the cache.
ANSIBLE_INVENTORY_CACHE_CONNECTION=$(mktemp -d)
export ANSIBLE_INVENTORY_CACHE_CONNECTION
trap 'rm -rf "$ANSIBLE_INVENTORY_CACHE_CONNECTION" first.json second.json' EXIT
control requests DELETE > /dev/null
ansible-inventory -i cached.sumologic.yml --list > first.json
[ "$(requests_sent)" -ge 1 ] || { echo "the first parse sent no request" >&2; exit 1; }
control requests DELETE > /dev/null
ansible-inventory -i cached.sumologic.yml --list > second.json
sent=$(requests_sent)
[ "$sent" -eq 0 ] || { echo "the cached parse sent $sent requests" >&2; exit 1; }
python -c 'import json, sys; a, b = (json.load(open(n)) for n in sys.argv[1:]); sys.exit(0 if a == b and len(a["_meta"]["hostvars"]) == 3 else "the cached inventory differs")' first.json second.json
control requests DELETE > /dev/null
ansible-playbook --flush-cache -i cached.sumologic.yml flushed.yml "$@"
[ "$(requests_sent)" -ge 1 ] || { echo "--flush-cache did not list the collectors again" >&2; exit 1; }

# The access key stays out of the output at -vvvv.
if ansible-inventory -vvvv -i all.sumologic.yml --list 2>&1 | grep -F -- "$SUMOLOGIC_ACCESSKEY"; then
    echo "the access key appeared in ansible-inventory -vvvv output" >&2
    exit 1
fi
echo "inventory plugin checks passed"
