"""The extractor interface and registry, modelled on spaCy components and ``registry.misc``.

An extractor has a ``name``, the ``labels`` it can emit, and ``__call__(sentence) -> list[Span]`` split into
``match()`` (find candidate spans) and ``build_records()`` (turn them into spans with values). Extractors are
registered under versioned names and listed by ``nlp/data/pipeline.toml``, not in code.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Protocol

from ..records.schema import Amount, DateValue


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence (or table row) of the normalized text.

    Attributes:
        index: sentence number in the document (0-based).
        start, end: offsets in the normalized document text, end-exclusive.
        text: the sentence text.
        kind: the block kind (prose, table_row, caption, heading, source).
        reference_year: the report's year, for relative dates.
        breaks: sentence offsets where the source had a line break that text normalization joined (a paragraph or
            a name the PDF broke over lines); a name never crosses one.
    """

    index: int
    start: int
    end: int
    text: str
    kind: str
    reference_year: int | None = None
    breaks: tuple[int, ...] = ()


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


_REGISTRY: dict[str, Callable[..., Extractor]] = {}


def register(name: str) -> Callable[[Callable[..., Extractor]], Callable[..., Extractor]]:
    """Register an extractor factory under a versioned name (``"amount.rules.v1"``)."""
    def decorator(factory: Callable[..., Extractor]) -> Callable[..., Extractor]:
        _REGISTRY[name] = factory
        return factory
    return decorator


def registered() -> dict[str, Callable[..., Extractor]]:
    """A copy of the registry (name → factory)."""
    _load_builtin()
    return dict(_REGISTRY)


def create(name: str, **options: object) -> Extractor:
    """Create a registered extractor by name."""
    _load_builtin()
    if name not in _REGISTRY:
        raise KeyError(f"[E020] unknown extractor {name!r}; registered: {sorted(_REGISTRY)}")
    return _REGISTRY[name](**options)


def _load_builtin() -> None:
    from .rules import gazetteer, org_suffix, regex_rules, roles  # noqa: F401
    from .ml import ner  # noqa: F401
    from .baselines import jieba_posseg  # noqa: F401
