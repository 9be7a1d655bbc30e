"""接口文档 works with no internet: /docs and its assets come from the service."""

from __future__ import annotations

import re

URL = re.compile(r"""(?:src|href)\s*=\s*["']([^"']+)["']|url\s*:\s*["']([^"']+)["']""")


def test_docs_reference_no_external_host_and_every_asset_is_served(client):
    page = client.get("/docs")
    assert page.status_code == 200 and "swagger-ui" in page.text
    references = [a or b for a, b in URL.findall(page.text)]
    assert references, "the docs page names no asset"
    assert not [r for r in references if "//" in r], references
    for reference in references:
        assert client.get(reference).status_code == 200, reference
    assert "SwaggerUIBundle" in client.get("/docs-assets/swagger-ui-bundle.js").text


def test_the_redoc_page_that_needed_a_cdn_is_gone(client):
    assert client.get("/redoc").status_code == 404
