"""Performance benchmarks: a synthetic corpus generator and a harness (see README)."""
