#!/usr/bin/env bash
# Fifty hosts, one collector each, ten forks, with the emulator enforcing Sumo Logic's
# rate limits (4 requests/s per access id, 10 in flight per key): no task fails, each
# collector exists once, a re-run changes nothing. Then answers lost after an update and
# after a delete: the tasks succeed and nothing is written twice.
set -euo pipefail

# shellcheck source=../setup_emulator/files/emulator.sh
source ../setup_emulator/files/emulator.sh
post() {
    python -c 'import sys, urllib.request; urllib.request.urlopen(urllib.request.Request(sys.argv[1], data=sys.argv[2].encode(), headers={"Content-Type": "application/json"}), timeout=30)' "$SUMO_EMULATOR_CONTROL/$1" "$2"
}

# A pacing directory of this run's own: the test is about these processes only.
SUMOLOGIC_PACING_DIR=$(mktemp -d)
export SUMOLOGIC_PACING_DIR
cleanup() {
    post settings '{"rate_limit": false, "per_second": 4, "concurrent": 10}' || true
    reset_emulator || true
    rm -rf "$SUMOLOGIC_PACING_DIR"
}
trap cleanup EXIT

reset_emulator
post settings '{"rate_limit": true, "per_second": 4, "concurrent": 10}'

ansible-playbook -f 10 -i inventory.ini -e "@$EMULATOR_CONFIG" -e expect_changed=true parallel.yml "$@"
ansible-playbook -f 10 -i inventory.ini -e "@$EMULATOR_CONFIG" -e expect_changed=false parallel.yml "$@"
python -c 'import json, sys, urllib.request; log = json.load(urllib.request.urlopen(sys.argv[1] + "/requests", timeout=30))["requests"]; print("%d requests, %d refused with 429" % (len(log), sum(1 for r in log if r["status"] == 429)))' "$SUMO_EMULATOR_CONTROL"

ansible-playbook -i ../../inventory -e "@$EMULATOR_CONFIG" lost_answers.yml "$@"
