"""Clean model output before display: no raw HTML, no remote images, links only to allowed hosts."""

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
_IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)\s]*)(?:\s+\"[^\"]*\")?\)")
_LINK = re.compile(r"(?<!!)\[([^\]]+)\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9-]*(?:\s[^>]*)?/?>")
_AUTOLINK = re.compile(r"<(https?://[^>\s]+)>")


def allowed(url: str) -> bool:
    """An https link to an allowed host (or one of its subdomains)."""
    parsed = urlparse(url)
    host = (parsed.hostname or "").lower()
    return parsed.scheme == "https" and any(host == h or host.endswith("." + h) for h in ALLOWED_HOSTS)


def sanitise_markdown(text: str) -> str:
    """Remove images (which could leak data through their URL), unwrap disallowed links, escape HTML tags."""
    text = _IMAGE.sub(lambda m: f"[image: {m.group(1)}]" if m.group(1) else "[image]", text)
    text = _LINK.sub(lambda m: m.group(0) if allowed(m.group(2)) else f"{m.group(1)} ({_plain(m.group(2))})", text)
    text = _AUTOLINK.sub(lambda m: m.group(0) if allowed(m.group(1)) else _plain(m.group(1)), text)
    return _TAG.sub(lambda m: html.escape(m.group(0)), text)


def _plain(url: str) -> str:
    """A URL shown as inert text (no scheme, so it is not turned into a link)."""
    return re.sub(r"^[a-zA-Z][a-zA-Z0-9+.-]*:/*", "", url)
