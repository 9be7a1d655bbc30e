"""Residents' requests (BZ-D1): raising, acting on them, reassigning, return visits, and their reads."""
