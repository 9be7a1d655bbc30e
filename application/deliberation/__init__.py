"""Deliberation (WZ-5): topics, sittings, mediation, correction, their deadlines and reads."""
