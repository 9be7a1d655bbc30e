"""Signing in and who a call is: one-time codes by SMS, staff passwords, sessions, bearer tokens."""
