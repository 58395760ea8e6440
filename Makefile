# community.sumologic: the two commands a newcomer needs are `make demo` and `make test`.
# Both create .venv/ and install what they need (pip reads the package index from pip.conf).

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(abspath $(VENV))/bin
STAMP := $(VENV)/.installed
BUILD := $(abspath build)/collections
COLL := $(BUILD)/ansible_collections/community/sumologic
# ansible-test sanity bootstraps pip in its venvs from a script it downloads: an offline stand-in,
# under the name each ansible-test asks for (2.19: pip 24.2; 2.21: pip 25.2).
ANSIBLE_TEST_PIP := $(HOME)/.ansible/test/cache/get_pip_24_2.py $(HOME)/.ansible/test/cache/get_pip_25_2.py
EMULATOR_HOST ?= 127.0.0.1
EMULATOR_PORT ?= 8765
EMULATOR_ARGS ?=
export ANSIBLE_COLLECTIONS_PATH := $(BUILD)
export PATH := $(BIN):$(PATH)
export ANSIBLE_NOCOLOR := 1
export ANSIBLE_FORCE_COLOR := 0

.PHONY: venv collection emulator demo test suites units sanity sanity-newest sanity-newest-run integration \
    integration-scenarios integration-modules integration-oldest integration-newest integration-newest-run docs docs-run lint galaxy galaxy-run ee ee-run \
    molecule bench clean ansible-test-key

venv: $(STAMP)

OLDEST := .venv-oldest
OLDEST_STAMP := $(OLDEST)/.installed

$(OLDEST_STAMP): tests/requirements-oldest.txt
	test -x $(OLDEST)/bin/python || $(PYTHON) -m venv $(OLDEST)
	$(OLDEST)/bin/pip install -q --disable-pip-version-check -r tests/requirements-oldest.txt
	touch $@

# The newest ansible-core needs Python 3.12 or later: pyenv's, or one on PATH.
PYTHON_NEWEST ?= $(firstword $(wildcard $(HOME)/.pyenv/versions/3.12*/bin/python3) $(shell command -v python3.12 python3.13 2>/dev/null))
NEWEST := .venv-newest
NEWEST_STAMP := $(NEWEST)/.installed

$(NEWEST_STAMP): tests/requirements-newest.txt
	test -x $(NEWEST)/bin/python || $(PYTHON_NEWEST) -m venv $(NEWEST)
	$(NEWEST)/bin/pip install -q --disable-pip-version-check -r tests/requirements-newest.txt
	touch $@

$(STAMP): tests/requirements.txt tests/unit/requirements.txt requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -r tests/requirements.txt
	touch $@

# ansible-test and ansible-playbook need the collection at .../ansible_collections/community/sumologic
# as a real directory: copy the working tree there. ansible-test lists files with git: inside
# this checkout it would find build/ ignored and test nothing, so the copy gets a repository
# of its own holding the working tree as it is. ansible-test also writes into the tree it tests
# (tests/output, the integration inventory), so each ansible-test suite that may run beside
# another gets a copy of its own: build/<suite>/ansible_collections/community/sumologic.
define copy_collection
	rm -rf $(1)/ansible_collections/community/sumologic && mkdir -p $(1)/ansible_collections/community/sumologic
	tar --exclude=./.venv --exclude=./.venv-oldest --exclude=./.venv-newest --exclude=./build --exclude=./docs/build \
	    --exclude=./.git --exclude='__pycache__' --exclude=./tests/output --exclude=./.pytest_cache -cf - . \
	    | tar -xf - -C $(1)/ansible_collections/community/sumologic
	cd $(1)/ansible_collections/community/sumologic && git init -q && git add -A
endef

collection: venv
	$(call copy_collection,$(BUILD))

# The emulator on its own, seeded with demo data: point any client at http://HOST:PORT/api.
emulator: venv
	$(BIN)/python -m tests.emulator --host $(EMULATOR_HOST) --port $(EMULATOR_PORT) $(EMULATOR_ARGS)

demo: collection
	cd $(COLL) && $(BIN)/python -m tests.utils.run_with_emulator -- \
	    $(BIN)/ansible-playbook -i examples/inventory.yml examples/demo.yml --diff

# Every suite, three at a time (JOBS=1: one after the other), each printing its wall time, and on past a
# failing one (-k) so that one run names every failure; the longest first, so that the short ones
# fill the end. Three, not two, on 2 cores: the suites also wait (on the emulator's rate limits and jobs,
# on Ansible's forks), and a third keeps both cores busy (184% of a CPU against 166% with two).
JOBS ?= 3
SUITES := integration-modules integration-scenarios integration-newest sanity integration-oldest sanity-newest docs units \
    lint galaxy molecule eda ee

# Within make test, what two suites would do twice is done once: pylint runs in sanity-newest only
# (the newest ansible-core's pylint and its checks), ansible-lint in lint only (not again in the
# Galaxy importer).
test: venv
	@start=$$(date +%s); $(MAKE) --no-print-directory -k -j$(JOBS) --output-sync=target suites \
	    SANITY_SKIP="--skip-test pylint" IMPORTER_LINT=False \
	    && echo "make test: every suite passed in $$(( $$(date +%s) - start )) s"

suites: $(SUITES)

# $(call timed,<name>,<commands>): run, then say how long it took.
timed = @start=$$(date +%s); { $(2); } && echo "make $(1): passed in $$(( $$(date +%s) - start )) s"

units: collection
	$(call timed,units,cd $(COLL) && PYTHONPATH=$(BUILD) $(BIN)/python -m pytest -q -p no:cacheprovider -n 2 tests/unit)

$(ANSIBLE_TEST_PIP): tests/utils/get_pip_standin.py
	mkdir -p $(dir $@) && cp $< $@

# Every test on Python 3.11; then the compile test on every other Python ansible-test supports that pyenv
# (or PATH) has, so that the modules' Python versions (tests/config.yml) are checked.
PYENV_BINS := $(subst $(eval) ,:,$(wildcard $(HOME)/.pyenv/versions/3.*/bin))
# SANITY_SKIP: ansible-test options that leave tests out (make test leaves pylint to sanity-newest).
SANITY_SKIP ?=
sanity: collection $(ANSIBLE_TEST_PIP)
	$(call timed,sanity,cd $(COLL) && $(BIN)/ansible-test sanity --python 3.11 --color no $(SANITY_SKIP) \
	    && PATH=$(PYENV_BINS):$$PATH $(BIN)/ansible-test sanity --test compile --color no)

# $(call integration_run,<suite>,<ansible-test arguments>[,<venv bin>,<Python>]): the integration
# targets the arguments select, in a collection copy of the suite's own (build/<suite>), against an
# emulator of their own, with the ansible-test of the venv (this one's by default) on that Python (3.11).
define integration_run
	$(call copy_collection,$(abspath build)/$(1))
	$(call timed,$(1),cd $(abspath build)/$(1)/ansible_collections/community/sumologic \
	    && PATH=$(or $(3),$(BIN)):$$PATH $(or $(3),$(BIN))/python -m tests.utils.run_with_emulator \
	    --config tests/integration/integration_config.yml -- \
	    $(or $(3),$(BIN))/ansible-test integration --python $(or $(4),3.11) --color no $(2))
endef

# ansible-test makes an SSH key pair for the user (~/.ansible/test/id_rsa) the first time an
# integration suite runs, without a lock: suites that start together on a fresh machine race for it,
# and the one that finds the other's half-made key fails ("id_rsa already exists. Overwrite (y/n)?").
# The suites wait for it to be made here first, once, as ansible-test makes it.
ANSIBLE_TEST_KEY := $(HOME)/.ansible/test/id_rsa
ansible-test-key:
	@test -f $(ANSIBLE_TEST_KEY) -a -f $(ANSIBLE_TEST_KEY).pub || { mkdir -p $(dir $(ANSIBLE_TEST_KEY)) \
	    && rm -f $(ANSIBLE_TEST_KEY) $(ANSIBLE_TEST_KEY).pub \
	    && ssh-keygen -m PEM -q -t rsa -N '' -f $(ANSIBLE_TEST_KEY) \
	    && sed -i -E 's/(BEGIN|END) PRIVATE KEY/\1 RSA PRIVATE KEY/' $(ANSIBLE_TEST_KEY); }

# Every target (TARGETS= runs others). make test runs them as two suites side by side, so that no
# single suite holds the run up: the scenarios (the roles, parallel forks on the emulator's rate
# limits, -vvvv leak checks, the inventory) and every module's own target.
SCENARIO_TARGETS := 'role_.*' sumo_rate_limit sumo_no_log inventory_collectors
integration: venv ansible-test-key
	$(call integration_run,integration,$(TARGETS))

integration-scenarios: venv ansible-test-key
	$(call integration_run,integration-scenarios,$(SCENARIO_TARGETS))

integration-modules: venv ansible-test-key
	$(call integration_run,integration-modules,$(addprefix --exclude ,$(SCENARIO_TARGETS)))

# A molecule scenario: converge a desired state onto the emulator, idempotence, audit it with the role.
molecule: collection
	$(call timed,molecule,cd $(COLL) && $(BIN)/python -m tests.utils.run_with_emulator -- $(BIN)/molecule test -s org_as_code)

# The integration targets again with the oldest ansible-core the collection declares, and with the
# newest: the targets that cover each way a module runs (run_resource_module, run_resource_set_module
# and InfoModule, with and without a parent; a declaration whose names compare without case; the
# role, the inventory, the no-log checks); TARGETS= runs others. The pacing across forks and the
# jobs of several calls are Python of the collection's own, the same on every ansible-core: they run
# on 2.19 (sumo_rate_limit, sumo_content).
OLDEST_TARGETS ?= sumo_collector sumo_collectors sumo_collector_info sumo_source sumo_sources sumo_users \
    role_org_audit inventory_collectors sumo_no_log
integration-oldest: venv ansible-test-key $(OLDEST_STAMP)
	$(call integration_run,integration-oldest,$(or $(TARGETS),$(OLDEST_TARGETS)),$(abspath $(OLDEST))/bin)
	cd $(abspath build)/integration-oldest/ansible_collections/community/sumologic && for version in 3.6 3.7; do \
	    PATH=$(PYENV_BINS):$(abspath $(OLDEST))/bin:$$PATH $(abspath $(OLDEST))/bin/ansible-test sanity --test compile \
	    --python $$version --color no plugins/ || exit 1; done

# The newest ansible-core (on Python 3.12): sanity, and the same targets as the oldest. Without a
# Python 3.12 (pyenv's or on PATH) both say so loudly and are skipped.
NEWEST_BUILD := $(abspath build)/newest
NEWEST_MISSING = echo "!!! make $@: no Python 3.12 or later (set PYTHON_NEWEST): the newest ansible-core is NOT tested !!!"
NEWEST_DEPS := $(if $(PYTHON_NEWEST),$(NEWEST_STAMP))
sanity-newest: venv $(ANSIBLE_TEST_PIP) $(NEWEST_DEPS)
	@if [ -z "$(PYTHON_NEWEST)" ]; then $(NEWEST_MISSING); else $(MAKE) --no-print-directory sanity-newest-run; fi

sanity-newest-run:
	$(call copy_collection,$(NEWEST_BUILD)/sanity)
	$(call timed,sanity-newest,cd $(NEWEST_BUILD)/sanity/ansible_collections/community/sumologic \
	    && PATH=$(abspath $(NEWEST))/bin:$$PATH $(abspath $(NEWEST))/bin/ansible-test sanity --python 3.12 --color no)

integration-newest: venv ansible-test-key $(NEWEST_DEPS)
	@if [ -z "$(PYTHON_NEWEST)" ]; then $(NEWEST_MISSING); else $(MAKE) --no-print-directory integration-newest-run; fi

integration-newest-run:
	$(call integration_run,integration-newest,$(or $(TARGETS),$(OLDEST_TARGETS)),$(abspath $(NEWEST))/bin,3.12)

# The docs: ansible-doc renders every plugin (one run per plugin type, failing on any warning:
# tests/utils/ansible_doc_all.py) and its documentation lints, then the HTML site (the plugins and the
# guides of docs/docsite) is built with antsibull-docs and Sphinx into docs/build/html, warnings
# failing the build. Offline (DOCS_OFFLINE=1, the default) the intersphinx inventories of the
# Ansible and Python docs cannot be fetched: the generated conf.py then ignores the references only
# they resolve, and any other broken reference still fails.
# The docs read the collection from a copy of their own (build/docs), as ansible-test's suites do: the
# suites that run beside them in build/collections write there and run git there.
DOCSITE := $(abspath build)/docsite
DOCS_OFFLINE ?= 1
DOCS_BUILD := $(abspath build)/docs
DOCS_COLL := $(DOCS_BUILD)/ansible_collections/community/sumologic

docs: venv
	$(call copy_collection,$(DOCS_BUILD))
	$(call timed,docs,$(MAKE) --no-print-directory docs-run ANSIBLE_COLLECTIONS_PATH=$(DOCS_BUILD))

docs-run:
	cd $(DOCS_COLL) && $(BIN)/python -m tests.utils.ansible_doc_all $(BIN)/ansible-doc
	cd $(DOCS_COLL) && $(BIN)/antsibull-docs lint-collection-docs --plugin-docs --validate-collection-refs all \
	    --disallow-unknown-collection-refs .
	cd $(DOCS_COLL) && $(BIN)/antsibull-changelog lint
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
	$(call timed,lint,cd $(COLL) && $(BIN)/ansible-lint)

# Build the Galaxy artifact and run Galaxy's importer on it. The importer exits 0 even on
# warnings and some errors, so any WARNING:/ERROR: line fails the gate.
# IMPORTER_LINT=False leaves out the importer's own ansible-lint run (make test does: make lint runs
# ansible-lint on the same files, with the production profile).
IMPORTER_LINT ?= True
galaxy: collection
	$(call timed,galaxy,$(MAKE) --no-print-directory galaxy-run)

galaxy-run:
	rm -rf $(BUILD)/galaxy && mkdir -p $(BUILD)/galaxy
	cd $(COLL) && $(BIN)/ansible-galaxy collection build --force --output-path $(BUILD)/galaxy > /dev/null
	printf '[galaxy-importer]\nRUN_ANSIBLE_TEST = False\nRUN_ANSIBLE_LINT = $(IMPORTER_LINT)\nOFFLINE_ANSIBLE_LINT = True\nCHECK_CHANGELOG = True\n' \
	    > $(BUILD)/galaxy/importer.cfg
	cd $(BUILD)/galaxy && GALAXY_IMPORTER_CONFIG=importer.cfg PATH=$(BIN):$$PATH $(BIN)/python -m galaxy_importer.main \
	    community-sumologic-*.tar.gz > importer.log 2>&1; status=$$?; cat importer.log; \
	    if [ $$status -ne 0 ] || grep -E '^(WARNING|ERROR):' importer.log; then echo "galaxy-importer found problems"; exit 1; fi

# Execution environments, offline (building the image needs podman or docker): ansible-builder's
# introspection finds the collection's Python dependency, as it does in a build, and the
# definition in extensions/ee gives a build context.
ee: collection
	$(call timed,ee,$(MAKE) --no-print-directory ee-run)

ee-run:
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

# Event-Driven Ansible end to end: ansible-rulebook runs examples/rulebooks/triage_insights.yml
# against the emulator (new insights in, their comment and status out, a restart with the same
# bookmark). ansible-rulebook needs Java 17 or later (JAVA_HOME, java on PATH or /usr/lib/jvm/*):
# without one, this step says so loudly and is skipped; .ci/run installs one.
.PHONY: eda
eda: collection
	$(call timed,eda,cd $(COLL) && $(BIN)/python -m tests.utils.run_rulebook)

# bench/run.py counts requests and times modules against the emulator with its rate limits
# off, so the modules' pacing is off for it too; bench/awx_load.py measures the pacing, and
# bench/pacer_model.py models its rows of nodes sharing a key in seconds (where their time goes).
bench: collection
	cd $(BUILD) && SUMOLOGIC_RATE_LIMIT=0 $(BIN)/python -m ansible_collections.community.sumologic.bench.run \
	    --out $(abspath bench/results)
	cd $(BUILD) && $(BIN)/python -m ansible_collections.community.sumologic.bench.awx_load --out $(abspath bench/results)
	cd $(BUILD) && $(BIN)/python -m ansible_collections.community.sumologic.bench.pacer_model --out $(abspath bench/results)
	cd $(BUILD) && $(BIN)/python -m ansible_collections.community.sumologic.bench.pacer_model --out $(abspath bench/results) \
	    --delays $(abspath bench/results/arrival-delays-2026-12-07-3-nodes.json)
	cd $(BUILD) && $(BIN)/python -m ansible_collections.community.sumologic.bench.many --out $(abspath bench/results) $(MANY_ARGS)
	cd $(BUILD) && $(BIN)/python -m ansible_collections.community.sumologic.bench.search --out $(abspath bench/results)

# One log search of 25,000 messages (bench/search.py), alone: requests by kind and wall times.
.PHONY: bench-search
bench-search: collection
	cd $(BUILD) && $(BIN)/python -m ansible_collections.community.sumologic.bench.search --out $(abspath bench/results)

clean:
	rm -rf build tests/output docs/build
