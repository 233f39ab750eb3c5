# The README names two targets: `make run` (start the app) and `make test` (the whole suite).
# `make package` builds the .deb and .rpm (release). `make test` ends with the package suite, which
# installs, drives, updates and removes them system-wide (as root); `make test-package` runs just it.
.PHONY: run test package test-package app-deps bench fmt lint lock-python

run:
	bash scripts/run.sh

test:
	bash scripts/test.sh

package:
	bash scripts/package.sh

test-package:
	bash scripts/test-package.sh

bench:
	bash scripts/bench.sh

fmt:
	cargo fmt --all

lint:
	cargo clippy --workspace --all-targets -- -D warnings

# Move the Python test lock (tests/requirements.txt) forward on purpose; then `make test` must pass.
lock-python:
	bash scripts/lock-python.sh
