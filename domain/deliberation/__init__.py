"""Community deliberation (城乡社区协商): rule profiles, thresholds and outcomes."""
