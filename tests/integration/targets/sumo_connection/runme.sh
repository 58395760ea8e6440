#!/usr/bin/env bash
# sumo_connection as a playbook sees it, run at -vvvv with --diff: the authorization value
# must appear nowhere in what is printed (module arguments, results, diffs, errors).
set -euo pipefail

# shellcheck source=../setup_emulator/files/emulator.sh
source ../setup_emulator/files/emulator.sh

ALERTING_SECRET="Bearer alerting-$(python -c 'import secrets; print(secrets.token_hex(12))')"
export ALERTING_SECRET
output=$(mktemp)
trap 'rm -f "$output"' EXIT

ansible-playbook -vvvv --diff -i ../../inventory -e "@$EMULATOR_CONFIG" connection.yml "$@" > "$output" 2>&1 || {
    cat "$output"
    echo "the playbook failed" >&2
    exit 1
}
grep -q -- '--- before' "$output" || { cat "$output"; echo "expected diffs in the output" >&2; exit 1; }
secret=${ALERTING_SECRET#Bearer }
if grep -n -F -- "$secret" "$output"; then
    echo "the authorization value appeared in the output above" >&2
    exit 1
fi
echo "authorization value absent from $(wc -l < "$output") lines of -vvvv --diff output"
