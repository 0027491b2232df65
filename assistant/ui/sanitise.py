"""Clean model output before display: no raw HTML, no images, links only to allowed hosts.

Chainlit renders Markdown with GitHub extensions, which also turn bare ``https://`` and ``www.`` text
into links, so every form is handled: inline and reference images, inline and reference links, angle
autolinks and bare URLs. A refused URL is shown defanged (``evil[.]example/path``), which no renderer
links.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlparse

# Official sources the knowledge base cites; any other link is shown as plain text.
ALLOWED_HOSTS = (
    "eur-lex.europa.eu",
    "europa.eu",
    "cnil.fr",
    "legifrance.gouv.fr",
    "travail-emploi.gouv.fr",
    "code.travail.gouv.fr",
    "bpifrance.fr",
    "francenum.gouv.fr",
    "cyber.gouv.fr",
    "ssi.gouv.fr",
    "owasp.org",
    "unesco.org",
    "pix.fr",
    "francecompetences.fr",
    "moncompteformation.gouv.fr",
    "service-public.fr",
)
_INLINE_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_REFERENCE_IMAGE = re.compile(r"!\[([^\]]*)\]\[[^\]]*\]")
_DEFINITION = re.compile(r"^[ \t]{0,3}\[[^\]]+\]:[ \t]*<?(\S+?)>?(?:[ \t]+.*)?$", re.MULTILINE)
_INLINE_LINK = re.compile(r"\[([^\]]+)\]\(\s*<?([^)\s>]*)>?(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)")
_AUTOLINK = re.compile(r"<((?:https?|ftp|mailto):[^>\s]+)>", re.IGNORECASE)
_BARE_URL = re.compile(r"(?<![\w/\[(<\"'=])((?:https?://|ftp://|www\.)[^\s<>()\[\]\"']+)", re.IGNORECASE)
_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9-]*(?:\s[^>]*)?/?>")
_KEPT = "\x00{}\x00"


def allowed(url: str) -> bool:
    """An https link to an allowed host (or one of its subdomains)."""
    parsed = urlparse(url)
    host = (parsed.hostname or "").lower()
    return parsed.scheme == "https" and any(host == h or host.endswith("." + h) for h in ALLOWED_HOSTS)


def defang(url: str) -> str:
    """A URL as inert text: no scheme and dots of the host bracketed, so nothing turns it into a link."""
    rest = re.sub(r"^[a-zA-Z][a-zA-Z0-9+.-]*:/*", "", url)
    host, _, path = rest.partition("/")
    return host.replace(".", "[.]") + ("/" + path if path else "")


def sanitise_markdown(text: str) -> str:
    """Remove images, keep only allowed links (others defanged), escape HTML tags."""
    kept: list[str] = []

    def keep(fragment: str) -> str:
        kept.append(fragment)
        return _KEPT.format(len(kept) - 1)

    text = _INLINE_IMAGE.sub(lambda m: f"[image: {m.group(1)}]" if m.group(1) else "[image]", text)
    text = _REFERENCE_IMAGE.sub(lambda m: f"[image: {m.group(1)}]" if m.group(1) else "[image]", text)
    text = _DEFINITION.sub(lambda m: keep(m.group(0)) if allowed(m.group(1)) else "", text)
    text = _INLINE_LINK.sub(
        lambda m: keep(m.group(0)) if allowed(m.group(2)) else f"{m.group(1)} ({defang(m.group(2))})", text
    )
    text = _AUTOLINK.sub(lambda m: keep(m.group(0)) if allowed(m.group(1)) else defang(m.group(1)), text)
    text = _BARE_URL.sub(lambda m: keep(m.group(0)) if allowed(_with_scheme(m.group(1))) else defang(m.group(1)), text)
    text = _TAG.sub(lambda m: html.escape(m.group(0)), text)
    return re.sub("\x00(\\d+)\x00", lambda m: kept[int(m.group(1))], text)


def _with_scheme(url: str) -> str:
    return url if "://" in url else "https://" + url
