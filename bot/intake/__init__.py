"""The intake process: a second process that only answers the platforms' webhooks.

Under a burst the main process spends its CPU on conversations and deliveries, and a
webhook request queued behind that work waits. With DUMAS_INTAKE_PROCESS=true, `dumas
run` starts `python -m bot.intake.process` on the public port: it checks each webhook's
secret or signature, appends the event to its own SQLite file (the intake journal, group
commit, synchronous=FULL) and answers 200 as soon as that is durable; every other path
is passed through to the main process, which listens on 127.0.0.1 only. The main process
moves journal rows into its inbox (where duplicates are dropped) and goes on as usual.

journal.py owns the journal file, mover.py the main-process side, process.py the intake
process itself, supervisor.py starting, restarting and stopping it, wake.py the
datagram that tells the mover new rows are there.
"""
