"""Benchmarks: ``python -m bench [name ...]`` (``make bench``).

Each ``bench/bench_<name>.py`` exposes ``run() -> list[Figure]``; see :mod:`bench.common`.
"""
