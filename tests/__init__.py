"""The test package. Imported before tests/conftest.py and any test module, so what is set
here holds before numpy or scipy load their OpenBLAS.

OpenBLAS runs one thread per core, and its idle threads spin waiting for work. `make test`
runs twice as many pytest workers as cores (the Makefile), and the tests start product
processes beside them: a worker's BLAS threads then spin on cores the other workers
need. Session 44 measured it on the triage training (tests/triage/test_training.py's
fixed-C case, 100 messages, on the 2-core CI machine): 38 s of CPU with OpenBLAS's
default, 5.5 s with one thread, the same model. So one thread a process in a pytest run
(PYTEST_VERSION: pytest sets it for its session, and its xdist workers inherit it), and
in the product processes its tests start (they inherit the environment); a value
already set (`OPENBLAS_NUM_THREADS=2 pytest ...`) is kept. The bench scripts that import
test helpers (bench_closed_loop.py, bench_conversation.py) keep OpenBLAS's default.
"""

import os

if os.environ.get("PYTEST_VERSION"):
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
