"""Load prompt files from ``prompts/`` (Markdown with front-matter) and render them strictly."""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.DOTALL)


class PromptError(ValueError):
    """A prompt file is malformed or rendered with missing or unexpected variables."""


class PromptMeta(BaseModel):
    """Front-matter of a prompt file."""

    model_config = ConfigDict(extra="forbid")
    name: str
    description: str
    variables: list[str] = Field(default_factory=list)


@dataclass(frozen=True)
class Prompt:
    """A prompt template whose ``$variables`` must all be supplied."""

    meta: PromptMeta
    template: str

    def render(self, **values: str) -> str:
        """Substitute every declared variable; fail on a missing or undeclared one."""
        missing = set(self.meta.variables) - values.keys()
        extra = values.keys() - set(self.meta.variables)
        if missing or extra:
            raise PromptError(f"prompt {self.meta.name!r}: missing {sorted(missing)}, unexpected {sorted(extra)}")
        try:
            return string.Template(self.template).substitute(values).strip()
        except (KeyError, ValueError) as exc:
            raise PromptError(f"prompt {self.meta.name!r}: {exc}") from exc


def load_prompt(directory: Path, name: str) -> Prompt:
    """Read ``directory/name.md`` and validate its front-matter."""
    path = directory / f"{name}.md"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PromptError(f"prompt file not found: {path}") from None
    match = _FRONT_MATTER.match(text)
    if not match:
        raise PromptError(f"{path}: missing front-matter")
    try:
        meta = PromptMeta.model_validate(yaml.safe_load(match.group(1)))
    except (yaml.YAMLError, ValidationError) as exc:
        raise PromptError(f"{path}: invalid front-matter: {exc}") from exc
    if meta.name != name:
        raise PromptError(f"{path}: front-matter name {meta.name!r} differs from file name")
    template = text[match.end() :]
    used = {m.group("named") or m.group("braced") for m in string.Template.pattern.finditer(template)} - {None}
    if used != set(meta.variables):
        raise PromptError(f"{path}: variables used {sorted(used)} but declared {sorted(meta.variables)}")
    return Prompt(meta=meta, template=template)
