"""The service hub: a shared PostgreSQL server, reached from the local store's outbox. No Qt."""
