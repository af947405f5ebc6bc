"""The extractor interface and registry, modelled on spaCy components and ``registry.misc``.

An extractor has a ``name``, the ``labels`` it can emit, and ``__call__(sentence) -> list[Span]`` split into
``match()`` (find candidate spans) and ``build_records()`` (turn them into spans with values). Extractors are
registered under versioned names in spaCy's own catalogue registry (``spacy.util.registry.cnreport_extractors``)
and listed by ``nlp/data/pipeline.toml``, not in code. The built-in extractors register themselves when the
package :mod:`nlp.extractors` is imported (its ``__init__`` imports them); this module imports none of them.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Protocol

from spacy.util import registry

from ..records.schema import Amount, DateValue
from ..segment.sentences import Sentence


@dataclass(frozen=True, slots=True)
class Span:
    """A labelled span found by an extractor; offsets are sentence-relative, end-exclusive."""

    start: int
    end: int
    label: str
    source: str
    rule: str = ""
    value: DateValue | Amount | None = None
    org_type: str | None = None


class Extractor(Protocol):
    """What every extractor provides."""

    name: str
    labels: tuple[str, ...]

    def __call__(self, sentence: Sentence) -> list[Span]: ...


REGISTRY_NAME = "cnreport_extractors"
if not hasattr(registry, REGISTRY_NAME):
    registry.create(REGISTRY_NAME, entry_points=True)

#: Per registered name, what its product assigns, as spaCy's ``Language.factory(assigns=...)``: a rule extractor's
#: spans go to ``doc._.rule_spans`` (by the ``cnreport_rules`` component); ``doc.ents`` marks an extractor that is a
#: spaCy pipeline itself (the NER), whose Language the others run after.
ASSIGNS: dict[str, tuple[str, ...]] = {}
RULE_SPANS = "doc._.rule_spans"
ENTS = "doc.ents"


def extractor_registry() -> Any:
    """spaCy's catalogue registry of extractor factories (``spacy.util.registry.cnreport_extractors``); packages
    may add their own through the ``spacy_cnreport_extractors`` entry point."""
    return getattr(registry, REGISTRY_NAME)


def register(name: str, assigns: tuple[str, ...] = (RULE_SPANS,)) -> Callable[[Callable[..., Extractor]], Callable[..., Extractor]]:
    """Register an extractor factory under a versioned name (``"amount.rules.v1"``), as ``registry.misc`` does."""
    def decorator(factory: Callable[..., Extractor]) -> Callable[..., Extractor]:
        ASSIGNS[name] = assigns
        extractor_registry().register(name, func=factory)
        return factory
    return decorator


def registered() -> dict[str, Callable[..., Extractor]]:
    """A copy of the registry (name → factory)."""
    return dict(extractor_registry().get_all())


def assigns(name: str) -> tuple[str, ...]:
    """What a registered extractor's product assigns (:data:`RULE_SPANS` unless it said otherwise)."""
    factory(name)
    return ASSIGNS.get(name, (RULE_SPANS,))


def factory(name: str) -> Callable[..., Extractor]:
    """The factory registered under ``name``."""
    if name not in extractor_registry():
        raise KeyError(f"[E020] unknown extractor {name!r}; registered: {sorted(registered())}")
    return extractor_registry().get(name)


def create(name: str, **options: object) -> Extractor:
    """Create a registered extractor by name."""
    return factory(name)(**options)
