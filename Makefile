# The README names two targets: `make run` (start the app) and `make test` (the whole suite).
# `make package` builds the installable packages (scripts/package.sh).
.PHONY: run test package app-deps bench fmt lint lock-python

run:
	bash scripts/run.sh

test:
	bash scripts/test.sh

package:
	bash scripts/package.sh

bench:
	bash scripts/bench.sh

fmt:
	cargo fmt --all

lint:
	cargo clippy --workspace --all-targets -- -D warnings

# Move the Python test lock (tests/requirements.txt) forward on purpose; then `make test` must pass.
lock-python:
	bash scripts/lock-python.sh
