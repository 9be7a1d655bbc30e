"""The web console: server-rendered pages in Chinese over the API's own services."""
