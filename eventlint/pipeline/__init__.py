"""From files to facts for a run: read and hash every file, screen it, parse what can matter in workers, and keep the facts by content in the cache."""
