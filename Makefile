# Two commands: `make run` starts the product with demo data, `make test` runs every test.
.PHONY: run test setup bench

run:
	bash scripts/run.sh

test:
	bash scripts/test.sh

setup:
	bash scripts/setup.sh

bench:
	bash scripts/bench.sh
