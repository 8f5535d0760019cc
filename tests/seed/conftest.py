"""The seeded population and tables, built once for the seed tests."""

from tests.seed.support import population, seeded, tables

__all__ = ["population", "seeded", "tables"]
