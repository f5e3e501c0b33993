"""The basket service: what each buyer is about to order."""
