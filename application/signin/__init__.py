"""Signing in: one-time codes by SMS, staff passwords, cookie sessions."""
