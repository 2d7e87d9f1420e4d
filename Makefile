# stancegraph: the two README commands are `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
CORPUS ?= ../shared/corpus
OUT ?= out
CORPUS_OPT := $(if $(wildcard $(CORPUS)/README.md),--corpus $(CORPUS),)
STAMP := $(VENV)/.stancegraph-installed

.PHONY: run test setup system-deps bench schema format lint clean fuzz

## run: set up, then check and build the default dataset (Turtle + HTML view in out/)
run: $(STAMP)
	$(BIN)/stancegraph check $(CORPUS_OPT)
	$(BIN)/stancegraph build $(CORPUS_OPT) --out $(OUT)
	@echo ""
	@echo "next:"
	@echo "  open $(OUT)/network.html in a browser        # the network view, offline"
	@echo "  $(BIN)/stancegraph query --list              # the named questions; then e.g.:"
	@echo "  $(BIN)/stancegraph query supporters --param concept=cooperatives"
	@echo "  $(BIN)/stancegraph serve $(OUT)/stancegraph.ttl  # SPARQL, a query page and a page per IRI: http://127.0.0.1:8000/"

## test: set up (Python and Debian packages), then run the whole test suite
test: $(STAMP) system-deps
	$(BIN)/pytest

setup: $(STAMP)

$(STAMP): setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip "setuptools>=68" wheel
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

system-deps:
	./scripts/install-system-deps.sh

## bench: scale benchmark at 1k, 10k and 100k statements: steps (ratios to raw pyoxigraph and rdflib) and whole commands (ratios to their floors) → benchmarks/README.md
bench: $(STAMP)
	-$(BIN)/python benchmarks/run.py $(if $(SIZES),--sizes $(SIZES),)
	$(BIN)/python benchmarks/commands.py $(if $(SIZES),--sizes $(SIZES),)

## fuzz: long hypothesis run of the seed loader (FUZZ_EXAMPLES, default 100,000), with statistics
fuzz: $(STAMP)
	STANCEGRAPH_FUZZ=long STANCEGRAPH_FUZZ_EXAMPLES=$(or $(FUZZ_EXAMPLES),100000) \
		$(BIN)/pytest tests/test_loader_fuzz.py -p no:cacheprovider -q --hypothesis-show-statistics \
		-k never_raises

## schema: regenerate schema/seeds.schema.json from the pydantic models
schema: $(STAMP)
	$(BIN)/python -m stancegraph.schema.jsonschema

clean:
	rm -rf $(OUT) test-output .pytest_cache
