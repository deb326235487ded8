"""The public transparency page: how complaints are answered, per Polda and per Polres."""
