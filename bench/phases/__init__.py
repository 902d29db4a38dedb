"""The benchmark's phases; each starts its own service, drives it, and returns its figures."""
