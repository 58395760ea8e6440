# shellcheck shell=bash
# For the runme.sh targets: `source ../setup_emulator/files/emulator.sh` exports the
# emulator's connection (SUMOLOGIC_BASE_URL, SUMOLOGIC_ACCESSID, SUMOLOGIC_ACCESSKEY) and
# its control URL (SUMO_EMULATOR_CONTROL) from the integration config (EMULATOR_CONFIG,
# for `-e @...`), and defines reset_emulator. (A playbook of such a target takes sumo_connection from
# ../setup_emulator/defaults/main.yml with vars_files.)

EMULATOR_CONFIG=../../integration_config.yml
export EMULATOR_CONFIG
emulator_value() { sed -n "s/^$1: \"\\(.*\\)\"$/\\1/p" "$EMULATOR_CONFIG"; }

SUMOLOGIC_BASE_URL=$(emulator_value sumo_endpoint)
SUMOLOGIC_ACCESSID=$(emulator_value sumo_access_id)
SUMOLOGIC_ACCESSKEY=$(emulator_value sumo_access_key)
SUMO_EMULATOR_CONTROL=$(emulator_value sumo_control)
export SUMOLOGIC_BASE_URL SUMOLOGIC_ACCESSID SUMOLOGIC_ACCESSKEY SUMO_EMULATOR_CONTROL

# reset_emulator [BODY]: a fresh organisation, the demo one unless BODY (JSON) says otherwise.
reset_emulator() {
    local body=${1:-'{"seed": "demo"}'}
    python -c 'import sys, urllib.request; urllib.request.urlopen(urllib.request.Request(sys.argv[1], data=sys.argv[2].encode(), headers={"Content-Type": "application/json"}), timeout=30)' \
        "$SUMO_EMULATOR_CONTROL/reset" "$body"
}
