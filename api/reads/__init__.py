"""Typed reads (`XRead`): the answers of the API, one module per capability.

Each model declares every field its query returns, so the OpenAPI document names them and
the fuzz run checks them; 0/1 flags of the read models come out as booleans.
"""
