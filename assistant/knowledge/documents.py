"""Document and chunk records, and the validated front-matter of knowledge files."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, HttpUrl

Audience = Literal["manager", "employee", "trainer"]
AUDIENCES: tuple[Audience, ...] = ("manager", "employee", "trainer")


class SourceRef(BaseModel):
    """A public source cited by a knowledge document."""

    model_config = ConfigDict(extra="forbid")
    title: str = Field(min_length=3)
    url: HttpUrl


class FrontMatter(BaseModel):
    """Front-matter every curated guidance document must carry."""

    model_config = ConfigDict(extra="forbid")
    title: str = Field(min_length=3)
    lang: Literal["fr", "en"]
    audience: list[Audience] = Field(min_length=1)
    tags: list[str] = Field(default_factory=list)
    translation_of: str | None = None
    sources: list[SourceRef] = Field(min_length=1)


@dataclass(frozen=True)
class LoadedDocument:
    """A source file turned into Markdown-like text with its metadata."""

    doc_id: str
    path: str
    title: str
    lang: Literal["fr", "en"]
    audience: tuple[str, ...]
    tags: tuple[str, ...]
    text: str
    sha256: str
    sources: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Chunk:
    """A heading-delimited piece of a document, the unit that is embedded and retrieved."""

    chunk_id: str
    doc_id: str
    title: str
    heading: str
    text: str
    lang: str
    audience: tuple[str, ...]
    tags: tuple[str, ...]
    ordinal: int

    def embedding_text(self) -> str:
        """Text given to the embedder: title and heading give the chunk its context."""
        heading = f" — {self.heading}" if self.heading else ""
        return f"{self.title}{heading}\n{self.text}"

    def metadata(self) -> dict[str, str | int | bool]:
        """Flat metadata for the vector store (Chroma accepts scalars only)."""
        meta: dict[str, str | int | bool] = {
            "doc_id": self.doc_id,
            "title": self.title,
            "heading": self.heading,
            "lang": self.lang,
            "audience": ",".join(self.audience),
            "tags": "|" + "|".join(self.tags) + "|",
            "ordinal": self.ordinal,
        }
        for audience in AUDIENCES:
            meta[f"aud_{audience}"] = audience in self.audience
        return meta


@dataclass
class Passage:
    """A retrieved chunk with its fused score and where it comes from."""

    chunk_id: str
    doc_id: str
    title: str
    heading: str
    text: str
    lang: str
    score: float
    similarity: float | None = None
    ranks: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        """Plain dict for tool artifacts and JSON output."""
        return {
            "chunk_id": self.chunk_id,
            "doc_id": self.doc_id,
            "title": self.title,
            "heading": self.heading,
            "text": self.text,
            "lang": self.lang,
            "score": round(self.score, 5),
            "similarity": None if self.similarity is None else round(self.similarity, 4),
        }

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Passage:
        """Rebuild a passage from ``as_dict`` output."""
        return cls(
            chunk_id=str(data["chunk_id"]),
            doc_id=str(data["doc_id"]),
            title=str(data["title"]),
            heading=str(data.get("heading", "")),
            text=str(data["text"]),
            lang=str(data.get("lang", "fr")),
            score=float(data.get("score", 0.0)),  # type: ignore[arg-type]
            similarity=None if data.get("similarity") is None else float(data["similarity"]),  # type: ignore[arg-type]
        )
