"""Officers' side: staff groups bound to units, ticket cards, and officers' actions."""
