"""Code carried over from the monolith, waiting to be ported or deleted."""
