#!/usr/bin/env bash
# The collectors inventory plugin as ansible-playbook and ansible-inventory load it, against the
# emulator's demo organisation: its options read from a real inventory file, the hosts a play sees,
# and the access key kept out of -vvvv output. Groups, variables, filters and the cache are tested
# in-process (tests/unit/plugins/inventory/test_collectors.py).
set -euo pipefail

# The plugin reads its connection from the SUMOLOGIC_* variables this exports.
# shellcheck source=../setup_emulator/files/emulator.sh
source ../setup_emulator/files/emulator.sh
reset_emulator

ansible-playbook -i test.sumologic.yml verify.yml "$@"

# The access key stays out of the output at -vvvv.
if ansible-inventory -vvvv -i all.sumologic.yml --list 2>&1 | grep -F -- "$SUMOLOGIC_ACCESSKEY"; then
    echo "the access key appeared in ansible-inventory -vvvv output" >&2
    exit 1
fi
echo "inventory plugin checks passed"
