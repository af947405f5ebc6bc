"""The ``cnreport`` command's entry point: it checks that the package ``nlp`` Python will import is cnreport's, then
runs :func:`nlp.cli.main`.

cnreport's import name ``nlp`` (the design card's folder) is also the import name of another distribution on PyPI
(``pip install nlp``). Installed into the same environment, that one overwrites ``nlp/__init__.py``; installed
elsewhere on ``sys.path`` (a user site, ``PYTHONPATH``), it shadows the whole package. Either way ``from nlp.cli
import main`` would fail with a traceback, or run foreign code. This module lives outside ``nlp`` so that it can
look first: it reads the ``__init__.py`` that ``import nlp`` would execute, without executing it, and stops with one
coded line (``[E032]``, :class:`nlp.errors.ImportClashError`) when it is not cnreport's.
"""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

CODE = "E032"
#: The line of cnreport's ``nlp/__init__.py`` that says whose package it is.
MARKER = '__distribution__ = "cnreport"'
ADVICE = ("another distribution named 'nlp' overwrote or shadows it{owners}; uninstall it (pip uninstall nlp), then "
          "reinstall cnreport (pip install --force-reinstall cnreport), or keep the two in separate environments")


def _owners() -> str:
    """The installed distributions other than cnreport that ship a top-level ``nlp``, for the message."""
    try:
        from importlib.metadata import packages_distributions
        names = sorted(set(packages_distributions().get("nlp", [])) - {"cnreport"})
    except Exception:  # metadata is a hint here, never a reason to fail differently
        return ""
    return f" (installed: {', '.join(names)})" if names else ""


def clash() -> str | None:
    """The ``[E032]`` line when the package ``nlp`` that Python would import is not cnreport's, else ``None``."""
    try:
        spec = importlib.util.find_spec("nlp")
    except (ImportError, ValueError):
        spec = None
    if spec is None:
        return f"[{CODE}] nlp: no package 'nlp' can be imported; cnreport's installation is broken " \
               f"(pip install --force-reinstall cnreport)"
    origin = spec.origin if spec.origin and spec.origin.endswith("__init__.py") else None
    where = origin or ", ".join(spec.submodule_search_locations or []) or str(spec.origin)
    try:
        ours = origin is not None and MARKER in Path(origin).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        ours = False
    if ours:
        return None
    return f"[{CODE}] {where}: the package 'nlp' that Python imports is not cnreport's: " + \
        ADVICE.format(owners=_owners())


def main(argv: list[str] | None = None) -> int:
    """Run the ``cnreport`` command (exit code 1 with the ``[E032]`` line when ``nlp`` is not cnreport's)."""
    problem = clash()
    if problem:
        print(problem, file=sys.stderr)
        return 1
    from nlp.cli import main as run
    return run(argv)


if __name__ == "__main__":
    sys.exit(main())
