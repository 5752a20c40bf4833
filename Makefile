# pyme_crm: run, test, lint and benchmark the addon on a real Odoo 18 and PostgreSQL.
#   make run    serve http://localhost:8069 (admin/admin) on a database with demo data
#   make test   lint, then every test of the addon (tours included) on a throw-away database
#   make lint   ruff and pylint-odoo
#   make bench  seed realistic volumes, then every benchmarks/bench_*.py and the load tests (faults
#               included), on a throw-away database
#   make i18n   export pyme_crm.pot and merge it into es.po (then translate what is new)
#   make screenshots  remake the README's screenshots (docs/screenshots/) on a copy of the demo database
SHELL := /bin/bash
.ONESHELL:
.SHELLFLAGS := -eu -o pipefail -c

ODOO_SRC ?= /opt/odoo
PYTHON ?= python3
VENV ?= $(CURDIR)/.venv
DB ?= pyme_crm
PORT ?= 8069
SEED_ARGS ?= --partners 5000 --opportunities 2000 --quotations 1500 --invoices 1000
LOAD_ARGS ?= --load-salespeople=40 --load-seconds=600 --load-workers=2 --load-think=2
STATE := $(CURDIR)/.odoo
CONF := $(STATE)/odoo.conf
BIN := $(VENV)/bin
ODOO := $(BIN)/python $(ODOO_SRC)/odoo-bin -c $(CONF)

export PYTHONPATH := $(ODOO_SRC)
export PIP_CONSTRAINT := $(CURDIR)/constraints.txt
export PIP_DISABLE_PIP_VERSION_CHECK := 1

ODOO_FOUND := $(shell grep -qs 'version_info = .18, 0,' $(ODOO_SRC)/odoo/release.py \
  && test -f $(ODOO_SRC)/odoo-bin && echo yes)
ifneq ($(MAKECMDGOALS),lint)
ifneq ($(ODOO_FOUND),yes)
$(error No Odoo 18.0 source tree at ODOO_SRC=$(ODOO_SRC) (odoo-bin and odoo/release.py of version 18.0 are \
needed). Put one there, e.g. 'git clone --depth 1 -b 18.0 https://github.com/odoo/odoo $(ODOO_SRC)', or point \
ODOO_SRC at yours: 'make test ODOO_SRC=/path/to/odoo')
endif
endif

.PHONY: run test lint bench i18n update postgres chromium screenshots
.DEFAULT_GOAL := run

$(BIN)/.installed: $(ODOO_SRC)/requirements.txt requirements.txt requirements-dev.txt constraints.txt \
  scripts/ensure_build_deps.sh
	command -v dpkg >/dev/null && scripts/ensure_build_deps.sh
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q -r $(ODOO_SRC)/requirements.txt -r requirements.txt -r requirements-dev.txt
	touch $@

$(CONF): Makefile | $(BIN)/.installed
	mkdir -p $(STATE)/data
	addons=
	for dir in $(ODOO_SRC)/addons $(ODOO_SRC)/odoo/addons; do
	  if [ -d "$$dir" ]; then addons="$$addons$$dir,"; fi
	done
	printf '[options]\naddons_path = %s%s\ndata_dir = %s\nadmin_passwd = admin\n' \
	  "$$addons" "$(CURDIR)" "$(STATE)/data" > $@

postgres:
	scripts/ensure_postgres.sh

chromium:
	scripts/ensure_chromium.sh

run: $(CONF) postgres
	state=$$(psql -d $(DB) -Atc "select state from ir_module_module where name = 'pyme_crm'" 2>/dev/null || true)
	if [ "$$state" != installed ]; then
	  $(ODOO) -d $(DB) -i pyme_crm --load-language=es_ES --stop-after-init --log-level=warn
	fi
	exec $(ODOO) -d $(DB) --db-filter='^$(DB)$$' --http-port=$(PORT)

update: $(CONF) postgres
	$(ODOO) -d $(DB) -u pyme_crm --stop-after-init --log-level=warn

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pylint --rcfile=.pylintrc pyme_crm

test: lint $(CONF) postgres chromium
	db=pyme_crm_test_$$$$
	dependencies=$${db}_dependencies
	filestore=$(STATE)/data/filestore
	drop() { for name; do dropdb --if-exists --force "$$name"; rm -rf "$$filestore/$$name"; done; }
	trap 'drop "$$db" "$$dependencies"' EXIT
	# pyme_crm's dependencies are installed once: the test database and tests/ start from copies
	depends=$$($(BIN)/python -c 'import ast, sys; print(",".join(ast.literal_eval(sys.stdin.read())["depends"]))' \
	  < pyme_crm/__manifest__.py)
	$(ODOO) -d $$dependencies -i $$depends --without-demo=all --stop-after-init --log-level=warn
	createdb -T "$$dependencies" "$$db"
	[ ! -d "$$filestore/$$dependencies" ] || cp -a "$$filestore/$$dependencies" "$$filestore/$$db"
	$(ODOO) -d $$db -i pyme_crm --without-demo=all --stop-after-init --log-level=warn
	$(BIN)/pytest pyme_crm/tests --odoo-config=$(CONF) --odoo-database=$$db --odoo-http -p no:cacheprovider -rfEs
	# then, never at the same time on the database, odoo-bin run as deployed (tests/)
	$(BIN)/pytest tests -p no:odoo --server-config=$(CONF) --server-database=$$db \
	  --dependencies-database=$$dependencies --odoo-bin=$(ODOO_SRC)/odoo-bin -p no:cacheprovider -rfEs --durations=5

bench: $(CONF) postgres
	db=pyme_crm_bench_$$$$
	trap 'dropdb --if-exists --force "$$db"' EXIT
	$(ODOO) -d $$db -i pyme_crm --without-demo=all --load-language=es_ES --stop-after-init --log-level=warn
	echo "== benchmarks/seed.py $(SEED_ARGS)"
	$(BIN)/python benchmarks/seed.py --config $(CONF) --database $$db $(SEED_ARGS)
	for script in $$(ls benchmarks/bench_*.py 2>/dev/null); do
	  echo "== $$script"
	  $(BIN)/python $$script --config $(CONF) --database $$db
	done
	echo "== tests/test_load.py, tests/test_load_faults.py $(LOAD_ARGS)"
	$(BIN)/pytest tests/test_load.py tests/test_load_faults.py -p no:odoo -p no:cacheprovider -s \
	  --server-config=$(CONF) --server-database=$$db --odoo-bin=$(ODOO_SRC)/odoo-bin --load-faults $(LOAD_ARGS)

i18n: $(CONF) postgres
	db=pyme_crm_i18n_$$$$
	trap 'dropdb --if-exists --force "$$db"' EXIT
	$(ODOO) -d $$db -i pyme_crm --without-demo=all --stop-after-init --log-level=warn
	$(ODOO) -d $$db --modules=pyme_crm --i18n-export=pyme_crm/i18n/pyme_crm.pot --log-level=warn
	msgmerge --quiet --update --no-fuzzy-matching --backup=none pyme_crm/i18n/es.po pyme_crm/i18n/pyme_crm.pot

screenshots: $(CONF) postgres chromium
	state=$$(psql -d $(DB) -Atc "select state from ir_module_module where name = 'pyme_crm'" 2>/dev/null || true)
	if [ "$$state" != installed ]; then
	  $(ODOO) -d $(DB) -i pyme_crm --load-language=es_ES --stop-after-init --log-level=warn
	fi
	# a copy, updated to the addon as it is now: the script starts a call session and opens the import
	db=pyme_crm_screenshots_$$$$
	filestore=$(STATE)/data/filestore
	trap 'dropdb --if-exists --force "$$db"; rm -rf "$$filestore/$$db"' EXIT
	createdb -T $(DB) "$$db" || { echo "Cannot copy $(DB): stop 'make run' first" >&2; exit 1; }
	[ ! -d "$$filestore/$(DB)" ] || cp -a "$$filestore/$(DB)" "$$filestore/$$db"
	$(ODOO) -d $$db -u pyme_crm --stop-after-init --log-level=warn
	$(BIN)/python scripts/screenshots.py --config $(CONF) --database $$db --output docs/screenshots
