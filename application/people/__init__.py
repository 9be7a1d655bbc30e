"""People: naming them, a unit's people, resident search, erasure by destroying a person's key."""
