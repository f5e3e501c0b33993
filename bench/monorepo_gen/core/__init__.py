"""The event-related core of each service: contracts, domain model, application layer and adapters, clean but for the planted violations."""
