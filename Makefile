# community.sumologic: the two commands a newcomer needs are `make demo` and `make test`.
# Both create .venv/ and install what they need (pip reads the package index from pip.conf).

SHELL := /bin/bash
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

.PHONY: venv collection emulator demo test units sanity integration docs lint galaxy ee integration-oldest molecule bench clean

venv: $(STAMP)

OLDEST := .venv-oldest
OLDEST_STAMP := $(OLDEST)/.installed

$(OLDEST_STAMP): tests/requirements-oldest.txt
	test -x $(OLDEST)/bin/python || $(PYTHON) -m venv $(OLDEST)
	$(OLDEST)/bin/pip install -q --disable-pip-version-check -r tests/requirements-oldest.txt
	touch $@

$(STAMP): tests/requirements.txt tests/unit/requirements.txt requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -r tests/requirements.txt
	touch $@

# ansible-test and ansible-playbook need the collection at .../ansible_collections/community/sumologic
# as a real directory: copy the working tree there. ansible-test lists files with git: inside
# this checkout it would find build/ ignored and test nothing, so the copy gets a repository
# of its own holding the working tree as it is.
collection: venv
	rm -rf $(COLL) && mkdir -p $(COLL)
	tar --exclude=./.venv --exclude=./.venv-oldest --exclude=./build --exclude=./docs/build --exclude=./.git --exclude='__pycache__' --exclude=./tests/output \
	    --exclude=./.pytest_cache -cf - . | tar -xf - -C $(COLL)
	cd $(COLL) && git init -q && git add -A

# The emulator on its own, seeded with demo data: point any client at http://HOST:PORT/api.
emulator: venv
	$(BIN)/python -m tests.emulator --host $(EMULATOR_HOST) --port $(EMULATOR_PORT) $(EMULATOR_ARGS)

demo: collection
	cd $(COLL) && $(BIN)/python -m tests.utils.run_with_emulator -- \
	    $(BIN)/ansible-playbook -i examples/inventory.yml examples/demo.yml --diff

test: units sanity integration integration-oldest molecule docs lint galaxy ee
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
# On the oldest ansible-core, the targets that cover each way a module runs (a singular and
# a plural module of each engine path, the role, the inventory, the no-log and pacing
# checks), to keep `make test` within 30 minutes on 2 cores; TARGETS= runs them all.
OLDEST_TARGETS ?= sumo_collector sumo_collectors sumo_sources sumo_users sumo_user sumo_insight_status \
    sumo_field sumo_partitions role_org_audit inventory_collectors sumo_no_log sumo_rate_limit
integration-oldest: collection $(OLDEST_STAMP)
	cd $(COLL) && PATH=$(abspath $(OLDEST))/bin:$$PATH $(abspath $(OLDEST))/bin/python -m tests.utils.run_with_emulator \
	    --config tests/integration/integration_config.yml -- \
	    $(abspath $(OLDEST))/bin/ansible-test integration --python 3.11 --color no $(or $(TARGETS),$(OLDEST_TARGETS))

# The docs: every plugin's documentation parses and lints, then the HTML site (the plugins and the
# guides of docs/docsite) is built with antsibull-docs and Sphinx into docs/build/html, warnings
# failing the build. Offline (DOCS_OFFLINE=1, the default) the intersphinx inventories of the
# Ansible and Python docs cannot be fetched: the generated conf.py then ignores the references only
# they resolve, and any other broken reference still fails.
DOCSITE := $(abspath build)/docsite
DOCS_OFFLINE ?= 1

docs: collection
	cd $(COLL) && for m in plugins/modules/*.py; do \
	    $(BIN)/ansible-doc -t module community.sumologic.$$(basename $$m .py) > /dev/null || exit 1; done
	cd $(COLL) && $(BIN)/ansible-doc -t inventory community.sumologic.collectors > /dev/null \
	    && $(BIN)/ansible-doc -t filter community.sumologic.drift_report > /dev/null \
	    && $(BIN)/ansible-doc -t filter community.sumologic.to_vars_yaml > /dev/null
	cd $(COLL) && $(BIN)/antsibull-docs lint-collection-docs --plugin-docs --validate-collection-refs all \
	    --disallow-unknown-collection-refs .
	cd $(COLL) && $(BIN)/antsibull-changelog lint
	rm -rf $(DOCSITE) && mkdir -m 755 -p $(DOCSITE)
	$(BIN)/antsibull-docs sphinx-init --use-current --squash-hierarchy --dest-dir $(DOCSITE) --fail-on-error \
	    --project community.sumologic --copyright "community.sumologic contributors" \
	    --title "community.sumologic" --html-short-title "community.sumologic" community.sumologic > /dev/null
	[ "$(DOCS_OFFLINE)" != 1 ] || printf '%s\n' '' '# make docs, offline: no intersphinx inventories.' \
	    'intersphinx_mapping = {}' \
	    "nitpick_ignore_regex = [('ref', r'ansible_configuration_settings|common_return_values'), ('ref', r'ansible_collections[.]ansible[.]builtin[.].*'), ('envvar', r'ANSIBLE_.*')]" \
	    >> $(DOCSITE)/conf.py
	chmod 700 $(DOCSITE)/rst
	$(BIN)/antsibull-docs --config-file $(DOCSITE)/antsibull-docs.cfg collection --use-current --squash-hierarchy \
	    --fail-on-error --dest-dir $(DOCSITE)/rst community.sumologic > /dev/null
	rm -rf docs/build
	$(BIN)/sphinx-build -M html $(DOCSITE)/rst docs/build -c $(DOCSITE) -W --keep-going -q
	@echo "make docs: the site is in docs/build/html/index.html"

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

# Execution environments, offline (building the image needs podman or docker): ansible-builder's
# introspection finds the collection's Python dependency, as it does in a build, and the
# definition in extensions/ee gives a build context.
ee: collection
	$(BIN)/ansible-builder introspect --sanitize $(BUILD) > $(abspath build)/ee-introspect.txt
	grep -q '^- .requests.*# from collection community.sumologic' $(abspath build)/ee-introspect.txt \
	    || { cat $(abspath build)/ee-introspect.txt; echo "ansible-builder does not see the collection's requirements"; exit 1; }
	rm -rf $(abspath build)/ee $(abspath build)/ee-meta
	$(BIN)/ansible-builder create -f $(COLL)/extensions/ee/execution-environment.yml -c $(abspath build)/ee
	test -s $(abspath build)/ee/_build/requirements.yml
	$(BIN)/ansible-builder create -f $(COLL)/meta/execution-environment.yml -c $(abspath build)/ee-meta
	grep -q '^requests' $(abspath build)/ee-meta/_build/requirements.txt
	diff <(grep -v '^#' requirements.txt) <(grep -v '^#' meta/requirements.txt) \
	    || { echo "meta/requirements.txt must list what requirements.txt lists"; exit 1; }

# bench/run.py counts requests and times modules against the emulator with its rate limits
# off, so the modules' pacing is off for it too; bench/awx_load.py measures the pacing.
bench: collection
	cd $(BUILD) && SUMOLOGIC_RATE_LIMIT=0 $(BIN)/python -m ansible_collections.community.sumologic.bench.run \
	    --out $(abspath bench/results)
	cd $(BUILD) && $(BIN)/python -m ansible_collections.community.sumologic.bench.awx_load --out $(abspath bench/results)
	cd $(BUILD) && $(BIN)/python -m ansible_collections.community.sumologic.bench.many --out $(abspath bench/results) $(MANY_ARGS)

clean:
	rm -rf build tests/output docs/build
