"""Baseline extractors: simple peers scored beside cnreport by ``cnreport evaluate`` (never used by ``extract``)."""
