"""Personal data encrypted per person: the keyring, the event mapper, sealed view values."""
