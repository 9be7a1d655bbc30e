"""Read models: the log turned into each unit's and resident's current state."""
