"""The five trace records of WZ-6, rebuilt from the event log alone."""
