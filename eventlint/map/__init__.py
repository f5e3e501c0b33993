"""`eventlint map`: the context map as the code realises it, in text, Mermaid, DOT or JSON."""
