#!/usr/bin/env bash
# The collectors inventory plugin against the emulator's demo organisation.
set -euo pipefail

# The plugin reads its connection from the SUMOLOGIC_* variables this exports.
# shellcheck source=../setup_emulator/files/emulator.sh
source ../setup_emulator/files/emulator.sh
reset_emulator

ansible-playbook -i test.sumologic.yml -e "@$EMULATOR_CONFIG" verify.yml "$@"
ansible-inventory -i all.sumologic.yml --list > all.json
python -c 'import json, sys; hosts = json.load(open("all.json"))["_meta"]["hostvars"]; sys.exit(0 if sorted(hosts) == ["demo-hosted", "old-build-agent", "web-01"] else "unexpected hosts: %s" % sorted(hosts))'
rm -f all.json

# The access key stays out of the output at -vvvv.
if ansible-inventory -vvvv -i all.sumologic.yml --list 2>&1 | grep -F -- "$SUMOLOGIC_ACCESSKEY"; then
    echo "the access key appeared in ansible-inventory -vvvv output" >&2
    exit 1
fi
echo "inventory plugin checks passed"
