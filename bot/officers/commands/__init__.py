"""The officers' commands in a staff group: one module per family, each listing its
`StaffCommand`s (names, handler, declared needs, usage) in `COMMANDS`; `table.TABLE` maps
every command name to one of them. `/daftar`, which binds a group that is not bound yet,
is not among them: bot/officers/binding.py answers it. See the README's "How to add a
staff command"."""
