"""Benchmarks: each reports throughput as a ratio to a baseline measured in the same run."""
