"""HTTP API under /api/v1: a router per resource, one mapping of domain errors."""
