"""cnreport benchmarks: speed and memory of extraction, normalization, batches and training.

Run ``python -m bench`` (or ``python bench/run.py``) from the repository root; see ``bench/README.md``.
"""
