PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
UI_DIR := build/graphiql
COMPOSITION_DIR := build/composition
COMPOSITION := $(COMPOSITION_DIR)/node_modules/@apollo/composition/package.json

.PHONY: run test test-postgres lint schema assets composition seed clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# GraphiQL's browser assets from the npm registry, served by the hub itself (no CDN needed).
$(UI_DIR)/graphiql.js:
	bash scripts/fetch-graphiql.sh $(UI_DIR)

assets: $(UI_DIR)/graphiql.js

# Apollo's Federation composition (pinned by its lockfile), for the subgraph composition test.
$(COMPOSITION): tests/federation/composition/package.json tests/federation/composition/package-lock.json
	bash scripts/fetch-composition.sh $(COMPOSITION_DIR)
	touch $(COMPOSITION)

composition: $(COMPOSITION)

run: $(STAMP)
	-$(MAKE) --no-print-directory assets
	$(BIN)/simpul seed --if-empty
	SIMPUL_DEV=1 $(BIN)/simpul serve

seed: $(STAMP)
	$(BIN)/simpul seed

# The browser tests serve GraphiQL's assets from build/graphiql; the composition test runs
# the library in build/composition.
test: $(STAMP) $(UI_DIR)/graphiql.js $(COMPOSITION)
	$(BIN)/pytest -q

# The suite against a throwaway local PostgreSQL (Debian's postgresql package, run as root).
test-postgres: $(STAMP) $(UI_DIR)/graphiql.js $(COMPOSITION)
	SIMPUL_TEST_POSTGRES_URL=$$(bash scripts/postgres-for-tests.sh $$(mktemp -d) 55433) $(BIN)/pytest -q

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .

schema: $(STAMP)
	$(BIN)/python -c "from schema.build import sdl; open('schema.graphql', 'w').write(sdl())"

clean:
	rm -rf $(VENV) build var

# The hub against PostGraphile 5 on PostgreSQL (as root: Debian postgresql, npm, wrk).
.PHONY: bench
bench: $(STAMP)
	bash bench/run.sh

# The same queries through a hub reading the databases and one whose agencies are all nodes.
.PHONY: bench-federation
bench-federation: $(STAMP)
	$(BIN)/python -m bench.federation

# Oversight queries at 20,000 and 200,000 households, in-process on seeded SQLite.
.PHONY: bench-oversight
bench-oversight: $(STAMP)
	$(BIN)/python -m bench.oversight
