"""Benchmarks of the governance ledger: `python -m bench.run --backend sqlite|postgres`."""
