# community.sumologic: the two commands a newcomer needs are `make demo` and `make test`.
# Both create .venv/ and install what they need (pip reads the package index from pip.conf).

PYTHON ?= python3
VENV := .venv
BIN := $(abspath $(VENV))/bin
STAMP := $(VENV)/.installed
BUILD := $(abspath build)/collections
COLL := $(BUILD)/ansible_collections/community/sumologic
ANSIBLE_TEST_PIP := $(HOME)/.ansible/test/cache/get_pip_24_2.py
EMULATOR_HOST ?= 127.0.0.1
EMULATOR_PORT ?= 8765
EMULATOR_ARGS ?=
export ANSIBLE_COLLECTIONS_PATH := $(BUILD)
export PATH := $(BIN):$(PATH)
export ANSIBLE_NOCOLOR := 1
export ANSIBLE_FORCE_COLOR := 0

.PHONY: venv collection emulator demo test units sanity integration docs lint galaxy integration-oldest molecule bench clean

venv: $(STAMP)

OLDEST := .venv-oldest
OLDEST_STAMP := $(OLDEST)/.installed

$(OLDEST_STAMP): tests/requirements-oldest.txt
	test -x $(OLDEST)/bin/python || $(PYTHON) -m venv $(OLDEST)
	$(OLDEST)/bin/pip install -q --disable-pip-version-check -r tests/requirements-oldest.txt
	touch $@

$(STAMP): tests/requirements.txt requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -r tests/requirements.txt
	touch $@

# ansible-test and ansible-playbook need the collection at .../ansible_collections/community/sumologic
# as a real directory: copy the working tree there. ansible-test lists files with git: inside
# this checkout it would find build/ ignored and test nothing, so the copy gets a repository
# of its own holding the working tree as it is.
collection: venv
	rm -rf $(COLL) && mkdir -p $(COLL)
	tar --exclude=./.venv --exclude=./.venv-oldest --exclude=./build --exclude=./.git --exclude='__pycache__' --exclude=./tests/output \
	    --exclude=./.pytest_cache -cf - . | tar -xf - -C $(COLL)
	cd $(COLL) && git init -q && git add -A

# The emulator on its own, seeded with demo data: point any client at http://HOST:PORT/api.
emulator: venv
	$(BIN)/python -m tests.emulator --host $(EMULATOR_HOST) --port $(EMULATOR_PORT) $(EMULATOR_ARGS)

demo: collection
	cd $(COLL) && $(BIN)/python -m tests.utils.run_with_emulator -- \
	    $(BIN)/ansible-playbook examples/demo.yml --diff

test: units sanity integration integration-oldest molecule docs lint galaxy
	@echo "make test: every suite passed"

units: collection
	cd $(COLL) && PYTHONPATH=$(BUILD) $(BIN)/python -m pytest -q -p no:cacheprovider tests/unit

$(ANSIBLE_TEST_PIP): tests/utils/get_pip_standin.py
	mkdir -p $(dir $@) && cp $< $@

sanity: collection $(ANSIBLE_TEST_PIP)
	cd $(COLL) && $(BIN)/ansible-test sanity --python 3.11 --color no

integration: collection
	cd $(COLL) && $(BIN)/python -m tests.utils.run_with_emulator --config tests/integration/integration_config.yml -- \
	    $(BIN)/ansible-test integration --python 3.11 --color no $(TARGETS)

# A molecule scenario: converge a desired state onto the emulator, idempotence, audit it with the role.
molecule: collection
	cd $(COLL) && $(BIN)/python -m tests.utils.run_with_emulator -- $(BIN)/molecule test -s org_as_code

# The integration targets again with the oldest ansible-core the collection declares.
integration-oldest: collection $(OLDEST_STAMP)
	cd $(COLL) && PATH=$(abspath $(OLDEST))/bin:$$PATH $(abspath $(OLDEST))/bin/python -m tests.utils.run_with_emulator \
	    --config tests/integration/integration_config.yml -- \
	    $(abspath $(OLDEST))/bin/ansible-test integration --python 3.11 --color no $(TARGETS)

docs: collection
	cd $(COLL) && for m in plugins/modules/*.py; do \
	    $(BIN)/ansible-doc -t module community.sumologic.$$(basename $$m .py) > /dev/null || exit 1; done
	cd $(COLL) && $(BIN)/ansible-doc -t inventory community.sumologic.collectors > /dev/null \
	    && $(BIN)/ansible-doc -t filter community.sumologic.drift_report > /dev/null
	cd $(COLL) && $(BIN)/antsibull-docs lint-collection-docs --plugin-docs --validate-collection-refs all \
	    --disallow-unknown-collection-refs .
	cd $(COLL) && $(BIN)/antsibull-changelog lint

lint: collection
	cd $(COLL) && $(BIN)/ansible-lint

# Build the Galaxy artifact and run Galaxy's importer on it. The importer exits 0 even on
# warnings and some errors, so any WARNING:/ERROR: line fails the gate.
galaxy: collection
	rm -rf $(BUILD)/galaxy && mkdir -p $(BUILD)/galaxy
	cd $(COLL) && $(BIN)/ansible-galaxy collection build --force --output-path $(BUILD)/galaxy > /dev/null
	printf '[galaxy-importer]\nRUN_ANSIBLE_TEST = False\nRUN_ANSIBLE_LINT = True\nOFFLINE_ANSIBLE_LINT = True\nCHECK_CHANGELOG = True\n' \
	    > $(BUILD)/galaxy/importer.cfg
	cd $(BUILD)/galaxy && GALAXY_IMPORTER_CONFIG=importer.cfg PATH=$(BIN):$$PATH $(BIN)/python -m galaxy_importer.main \
	    community-sumologic-*.tar.gz > importer.log 2>&1; status=$$?; cat importer.log; \
	    if [ $$status -ne 0 ] || grep -E '^(WARNING|ERROR):' importer.log; then echo "galaxy-importer found problems"; exit 1; fi

# bench/run.py counts requests and times modules against the emulator with its rate limits
# off, so the modules' pacing is off for it too; bench/awx_load.py measures the pacing.
bench: collection
	cd $(BUILD) && SUMOLOGIC_RATE_LIMIT=0 $(BIN)/python -m ansible_collections.community.sumologic.bench.run \
	    --out $(abspath bench/results)
	cd $(BUILD) && $(BIN)/python -m ansible_collections.community.sumologic.bench.awx_load --out $(abspath bench/results)

clean:
	rm -rf build tests/output
