"""Use cases: load aggregates, call commands, save; queries return plain values."""
