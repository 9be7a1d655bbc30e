"""Composition root: settings, persistence wiring, runners and the `gov` CLI."""
