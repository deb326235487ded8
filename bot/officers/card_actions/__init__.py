"""The officers' card actions: one module per family of staff-group buttons, each listing
its handlers with their preconditions; `table.TABLE` maps every `Verb` to one of them.
See the README's "How to add an officer action"."""
