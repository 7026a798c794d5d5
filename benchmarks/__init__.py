"""Benchmarks that print figures (a package, so it is found before any installed package of the same name)."""
