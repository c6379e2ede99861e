"""Data for the bundled sample reviews (see tools/build_samples.py)."""
