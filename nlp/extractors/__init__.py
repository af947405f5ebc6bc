"""The extractors (rules, the trained NER, the jieba baseline), registered in spaCy's registry on import.

:mod:`nlp.extractors.base` holds the interface and the registry and imports no extractor; importing this package
imports every built-in extractor module, whose ``@register`` fills the registry.
"""
from __future__ import annotations

from .baselines import jieba_posseg  # noqa: F401
from .ml import ner  # noqa: F401
from .rules import gazetteer, org_suffix, regex_rules, roles  # noqa: F401
