"""Split a document into heading-delimited chunks sized by tiktoken tokens."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass

from assistant.knowledge.documents import Chunk, LoadedDocument
from assistant.tokens import count_tokens

_HEADING = re.compile(r"^(#{1,4})\s+(.+?)\s*#*\s*$")
_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+")
MIN_CHUNK_TOKENS = 40


@dataclass(frozen=True)
class ChunkingParams:
    """Parameters that change chunk boundaries; a change forces a full re-index."""

    max_tokens: int = 200
    overlap_sentences: int = 0

    def signature(self) -> str:
        """Stable identifier of these parameters for the index manifest."""
        return f"headings-v1:max={self.max_tokens}:overlap={self.overlap_sentences}"


@dataclass
class _Section:
    heading: str
    body: list[str]


def _sections(text: str) -> list[_Section]:
    """Group lines under their nearest ``##``/``###`` heading path; ``#`` titles are dropped."""
    sections: list[_Section] = [_Section("", [])]
    path: dict[int, str] = {}
    in_code = False
    for line in text.splitlines():
        if line.strip().startswith("```"):
            in_code = not in_code
        match = None if in_code else _HEADING.match(line)
        if match:
            level = len(match.group(1))
            if level == 1:
                continue
            path = {k: v for k, v in path.items() if k < level}
            path[level] = match.group(2).strip()
            sections.append(_Section(" > ".join(path[k] for k in sorted(path)), []))
        else:
            sections[-1].body.append(line)
    return [s for s in sections if "\n".join(s.body).strip()]


def _split_long(text: str, max_tokens: int, counter: Callable[[str], int]) -> list[str]:
    """Split a section on paragraphs, then sentences, so no piece exceeds ``max_tokens``."""
    if counter(text) <= max_tokens:
        return [text]
    pieces: list[str] = []
    units: list[str] = []
    for paragraph in re.split(r"\n\s*\n", text):
        if counter(paragraph) <= max_tokens:
            units.append(paragraph)
        else:
            units.extend(_SENTENCE_END.split(paragraph))
    current: list[str] = []
    for unit in units:
        candidate = "\n\n".join([*current, unit])
        if current and counter(candidate) > max_tokens:
            pieces.append("\n\n".join(current))
            current = [unit]
        else:
            current.append(unit)
    if current:
        pieces.append("\n\n".join(current))
    # A single sentence longer than the budget is cut on tokens as a last resort.
    final: list[str] = []
    for piece in pieces:
        while counter(piece) > max_tokens:
            words = piece.split()
            cut = max(1, len(words) * max_tokens // max(counter(piece), 1))
            final.append(" ".join(words[:cut]))
            piece = " ".join(words[cut:])
        if piece.strip():
            final.append(piece)
    return final


def chunk_document(
    doc: LoadedDocument,
    params: ChunkingParams | None = None,
    counter: Callable[[str], int] = count_tokens,
) -> list[Chunk]:
    """Return the chunks of ``doc``; ids depend only on the document id and the chunk content."""
    params = params or ChunkingParams()
    raw_pieces: list[tuple[str, str]] = []
    for section in _sections(doc.text):
        body = "\n".join(section.body).strip()
        for piece in _split_long(body, params.max_tokens, counter):
            raw_pieces.append((section.heading, piece.strip()))
    merged: list[tuple[str, str]] = []
    for heading, text in raw_pieces:
        # A tiny section (a one-line intro) is glued to the next piece rather than embedded alone.
        if (
            merged
            and counter(merged[-1][1]) < MIN_CHUNK_TOKENS
            and merged[-1][0].split(" > ")[0] == heading.split(" > ")[0]
        ):
            prev_heading, prev_text = merged.pop()
            combined = f"{prev_text}\n\n{text}"
            if counter(combined) <= params.max_tokens:
                merged.append((heading or prev_heading, combined))
                continue
            merged.append((prev_heading, prev_text))
        merged.append((heading, text))
    doc_key = hashlib.sha1(doc.doc_id.encode()).hexdigest()[:10]
    seen: dict[str, int] = {}
    chunks = []
    for ordinal, (heading, text) in enumerate(merged):
        digest = hashlib.sha1(f"{heading}\n{text}".encode()).hexdigest()[:16]
        seen[digest] = seen.get(digest, 0) + 1
        suffix = "" if seen[digest] == 1 else f"-{seen[digest]}"
        chunks.append(
            Chunk(
                chunk_id=f"{doc_key}-{digest}{suffix}",
                doc_id=doc.doc_id,
                title=doc.title,
                heading=heading,
                text=text,
                lang=doc.lang,
                audience=doc.audience,
                tags=doc.tags,
                ordinal=ordinal,
            )
        )
    return chunks
