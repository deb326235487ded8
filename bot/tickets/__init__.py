"""Tickets: references, lifecycle and the SQL that stores them."""
