"""Benchmarks and long reliability checks; each module is one documented command (README.md)."""
