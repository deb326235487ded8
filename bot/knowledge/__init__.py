"""The knowledge base: reviewed articles on police services (data/knowledge/) and the
search that answers citizens' questions with them (issue "Answer citizens' questions")."""
