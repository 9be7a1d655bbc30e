"""User text made inert in the documents the service renders (trace records, dossiers): every title, name
and free text may be hostile.

In Markdown a value is HTML-escaped and stripped of the characters that would make it a link, emphasis,
code, a heading or a table cell break, and kept on one line. HTML pages escape every value and also
forbid scripts by their own Content-Security-Policy, in case anything ever slipped through.
"""

from __future__ import annotations

import html

MARKDOWN_SPECIAL = str.maketrans({c: f"\\{c}" for c in "\\`*_[]|#!~"})
NO_SCRIPTS_CSP = "default-src 'none'; style-src 'unsafe-inline'"


def inert_markdown(text: str) -> str:
    """Text as inert Markdown: no HTML, link, emphasis, code or cell break can come from it."""
    one_line = " ".join(text.split())
    return html.escape(one_line, quote=False).translate(MARKDOWN_SPECIAL)
