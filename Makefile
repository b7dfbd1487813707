# Two commands do everything on a fresh machine (Python 3.11 + git):
#   make demo   sample data for 7 days -> daily job through Dagster -> summary
#   make test   the whole test suite
UV := $(shell command -v uv 2>/dev/null || echo python3 -m uv)
export DAGSTER_HOME ?= $(CURDIR)/data/dagster_home
export DAGSTER_DISABLE_TELEMETRY := 1

.PHONY: install demo test dev lint validate bench

install:
	@$(UV) --version >/dev/null 2>&1 || python3 -m pip install --quiet uv
	$(UV) sync --frozen

demo: install
	$(UV) run cdh demo

test: install
	$(UV) run pytest

dev: install
	@mkdir -p "$(DAGSTER_HOME)" && cp -n dagster.yaml "$(DAGSTER_HOME)/dagster.yaml" 2>/dev/null || true
	$(UV) run dagster dev -w workspace.yaml -h 127.0.0.1 -p 3000

validate: install
	$(UV) run dagster definitions validate -w workspace.yaml

lint: install
	$(UV) run ruff check .

# Benchmarks (not tests): each writes a small report under bench/reports/
bench: install
	$(UV) run python -m bench.transport
	$(UV) run python -m bench.quality
	$(UV) run --group bench python -m bench.identity
	$(UV) run python -m bench.segments
