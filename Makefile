# Two commands: `make run` starts the product with demo data, `make test` runs every test.
.PHONY: run test setup bench bench-million

run:
	bash scripts/run.sh

test:
	bash scripts/test.sh

setup:
	bash scripts/setup.sh

bench:
	bash scripts/bench.sh

# PostgreSQL alone at 1M people (~1.06M customers, ~21M touchpoints): the storage layer's scale
# budgets (issue 22). Seeding and copying take long once; later runs reuse .bench/.
bench-million:
	BENCH_SIZE=1000000 BENCH_ENGINES=postgres BENCH_CONSOLE=0 BENCH_INGEST_BUDGET=20000 BENCH_INGEST_SIZED=1 bash scripts/bench.sh
