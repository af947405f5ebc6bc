"""Package layout that pyproject.toml cannot express: the trained models.

The repository keeps its trained models in the top-level ``models/`` folder (the design card's layout, where
``cnreport train`` writes them). setuptools' ``package-dir`` maps the package ``nlp.models`` onto that folder, so the
wheel carries them as ``nlp/models/`` (package data, found wherever cnreport is installed: see
``nlp.options.shipped_models_dir``) and an editable install maps the same package onto the checkout's ``models/``.
``packages.find`` cannot discover a package whose folder lies outside its parent's, hence this file. The module
``cnreport_cli`` (the command's entry point, outside ``nlp`` so that it can detect another distribution's ``nlp``)
is listed here too; everything else is in pyproject.toml.
"""
from setuptools import find_packages, setup

setup(packages=[*find_packages(include=["nlp*"]), "nlp.models"], package_dir={"nlp.models": "models"},
      py_modules=["cnreport_cli"])
