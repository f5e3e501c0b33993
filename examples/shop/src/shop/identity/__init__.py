"""The identity service: user accounts."""
