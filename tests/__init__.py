"""The test package. Imported before tests/conftest.py and any test module, so what is set
here holds before numpy or scipy load their OpenBLAS.

OpenBLAS runs one thread per core, and its idle threads spin waiting for work. `make test`
runs twice as many pytest workers as cores (the Makefile), and the tests start product
processes beside them: a worker's BLAS threads then spin on cores the other workers
need. Session 44 measured it on the triage training (tests/triage/test_training.py's
fixed-C test, 100 messages, on the 2-core CI machine): 38 s of CPU with OpenBLAS's
default, 5.5 s with one thread, the same model. One thread a process here, and in the
product processes the tests start (they inherit the environment); a value already set
(`OPENBLAS_NUM_THREADS=2 pytest ...`) is kept.
"""

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
