"""Tests of the benchmark suite: the generator, the harness, the probes."""
