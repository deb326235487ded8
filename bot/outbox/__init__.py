"""Delivering the outbox: the sender loop, rate limiters and retry policy."""
