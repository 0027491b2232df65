"""Model output is made safe to display; security headers are set on every response."""

import asyncio
import gzip

import pytest

from assistant.ui.sanitise import sanitise_markdown
from assistant.ui.security_headers import SecurityHeadersMiddleware, inline_script_hashes


@pytest.mark.parametrize(
    ("text", "absent", "present"),
    [
        ("![x](https://evil.example/p.png?d=secret)", "evil.example", "[image: x]"),
        ("Voir [la CNIL](https://www.cnil.fr/fr/ia)", None, "[la CNIL](https://www.cnil.fr/fr/ia)"),
        ("Cliquez [ici](https://evil.example/login)", "](https://evil", "ici (evil[.]example/login)"),
        ("Voir https://evil.example/x et www.evil.example", "https://evil", "evil[.]example/x"),
        ("www.evil.example/phish", "www.evil", "www[.]evil[.]example/phish"),
        ("![a][img]\n\n[img]: https://evil.example/p.png", "evil.example", "[image: a]"),
        ("[clic][r]\n\n[r]: https://evil.example/", "https://evil", "[clic][r]"),
        ("![x](https://evil.example/p.png 'titre')", "evil.example", "[image: x]"),
        ("Source : https://www.cnil.fr/fr/ia", None, "https://www.cnil.fr/fr/ia"),
        ("[x](javascript:alert(1))", "](javascript", "x ("),
        ("<script>alert(1)</script>", "<script>", "&lt;script&gt;"),
        ('<img src="https://evil.example/x">', "<img", "&lt;img"),
        ("<https://evil.example/a>", "<https://evil", "evil[.]example/a"),
        ("Règlement : <https://eur-lex.europa.eu/eli/reg/2024/1689/oj>", None, "<https://eur-lex.europa.eu/"),
        ("Un texte **normal** avec [1] et a < b > c", None, "a < b > c"),
    ],
)
def test_output_sanitising(text, absent, present):
    clean = sanitise_markdown(text)
    if absent:
        assert absent not in clean
    assert present in clean


@pytest.mark.parametrize("compressed", [False, True])
def test_a_page_allows_exactly_its_own_inline_scripts(compressed):
    html = b"<html><script>const global = globalThis;</script><p>hi</p></html>"
    page = gzip.compress(html) if compressed else html
    headers = [(b"content-type", b"text/html")] + ([(b"content-encoding", b"gzip")] if compressed else [])
    sent = []

    async def app(scope, receive, send):
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": page[:20], "more_body": True})
        await send({"type": "http.response.body", "body": page[20:]})

    async def send(message):
        sent.append(message)

    asyncio.run(SecurityHeadersMiddleware(app)({"type": "http", "headers": []}, None, send))
    csp = dict(sent[0]["headers"])[b"content-security-policy"].decode()
    assert inline_script_hashes(html.decode())[0] in csp and sent[1]["body"] == page


def test_security_headers_on_pages_and_api():
    sent = []

    async def app(scope, receive, send):
        await send({"type": "http.response.start", "status": 200, "headers": [(b"x-frame-options", b"SAMEORIGIN")]})

    async def send(message):
        sent.append(message)

    asyncio.run(SecurityHeadersMiddleware(app)({"type": "http", "headers": []}, None, send))
    headers = dict(sent[0]["headers"])
    assert b"frame-ancestors 'none'" in headers[b"content-security-policy"]
    assert headers[b"x-content-type-options"] == b"nosniff"
    assert headers[b"x-frame-options"] == b"SAMEORIGIN"  # an explicit header is not overridden


def test_only_the_page_inline_scripts_are_allowed():
    page = '<script>\n  const global = globalThis;\n</script><script type="module" src="/a.js"></script>'
    (hash_,) = inline_script_hashes(page)
    assert hash_.startswith("'sha256-") and hash_ != inline_script_hashes("<script>evil()</script>")[0]
