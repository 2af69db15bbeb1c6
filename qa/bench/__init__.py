"""Benchmarks and evaluation (`qa bench`, `qa eval`): never imported by the service."""
