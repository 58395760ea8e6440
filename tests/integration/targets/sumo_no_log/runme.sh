#!/usr/bin/env bash
# The access key must never appear in any output, even at -vvvv: run modules with it
# (successes, an API error, a failed validation) and grep everything that was printed.
set -euo pipefail

# shellcheck source=../setup_emulator/files/emulator.sh
source ../setup_emulator/files/emulator.sh
key=$SUMOLOGIC_ACCESSKEY
if [ -z "$key" ]; then
    echo "no sumo_access_key in $EMULATOR_CONFIG" >&2
    exit 1
fi

output=$(mktemp)
trap 'rm -f "$output"' EXIT

# ANSIBLE_NO_LOG stays unset: the point is what the modules themselves let out.
ansible-playbook -vvvv -i ../../inventory -e "@$EMULATOR_CONFIG" no_log.yml "$@" > "$output" 2>&1 || {
    cat "$output"
    echo "the playbook failed" >&2
    exit 1
}

grep -q 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER' "$output" || {
    echo "expected the masked access_key in the module invocation" >&2
    exit 1
}
if grep -n -F -- "$key" "$output"; then
    echo "the access key appeared in the output above" >&2
    exit 1
fi
echo "access key absent from $(wc -l < "$output") lines of -vvvv output"
