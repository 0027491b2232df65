"""Shared building blocks of the YAML catalogues: bilingual text and validated loading."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

T = TypeVar("T", bound=BaseModel)


class CatalogueError(ValueError):
    """A catalogue file is missing or invalid; the message names the file and the field."""


class Text(BaseModel):
    """A user-facing text in French and English."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    fr: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def __call__(self, lang: str) -> str:
        """The text in ``lang`` (French for anything but ``en``)."""
        return self.en if lang == "en" else self.fr


def load_yaml(path: Path, model: type[T]) -> T:
    """Parse ``path`` and validate it with ``model``, raising a readable error."""
    try:
        # The C loader (when libyaml is present) is ~10x faster on the large catalogues.
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except FileNotFoundError:
        raise CatalogueError(f"{path}: file not found") from None
    except yaml.YAMLError as exc:
        raise CatalogueError(f"{path}: not valid YAML ({exc})") from None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()[:5])
        raise CatalogueError(f"{path}: {problems}") from None
