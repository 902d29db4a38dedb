"""Benchmarks and the fake OpenAI-compatible model they (and the resilience tests) run against.

`python -m bench --help` runs the whole benchmark; see bench/README.md.
"""
