"""考核 Assessment (BZ-A1..A3, WZ-E1): figures for a period, children ranked, exports, the check on the log."""
