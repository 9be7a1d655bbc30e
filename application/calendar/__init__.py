"""Time for rules: working-day deadlines from the rule profile, official schedules, the service clock."""
