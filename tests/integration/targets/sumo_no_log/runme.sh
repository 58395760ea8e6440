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

# ANSIBLE_NO_LOG stays unset: the point is what the modules themselves let out. From ansible-core
# 2.21 the module's arguments (``invocation``) are only in the result when asked for: ask, so that
# they are checked on every version.
export ANSIBLE_INJECT_INVOCATION=true
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

# An HTTP source's upload URL is a credential: at -vvvv with --diff, it may appear in the
# returned source, never in a diff the callback prints.
ansible-playbook -vvvv --diff -i ../../inventory -e "@$EMULATOR_CONFIG" source_url.yml "$@" > "$output" 2>&1 || {
    cat "$output"
    echo "the source URL playbook failed" >&2
    exit 1
}
token=$(grep -o '/receiver/v1/http/[0-9A-Za-z]*' "$output" | head -n 1)
if [ -z "$token" ]; then
    echo "expected the upload URL in the returned source" >&2
    exit 1
fi
# Printed diffs run from '--- before' over lines starting with -, +, @ or a space.
if awk '/^--- before/ {in_diff = 1; next} in_diff && !/^([-+@ ]|$)/ {in_diff = 0} in_diff' "$output" | grep -n -F -- "$token"; then
    echo "the upload URL appeared in a diff above" >&2
    exit 1
fi
echo "upload URL masked in the diffs of $(wc -l < "$output") lines of -vvvv --diff output"
