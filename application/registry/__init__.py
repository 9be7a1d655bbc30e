"""The five-level unit tree and its people, and the administrator's changes to it."""
