"""tests/__init__.py: the suite's processes run OpenBLAS on one thread (session 44: its
spinning idle threads took the cores the other pytest workers needed)."""

from __future__ import annotations

import os


def test_openblas_runs_the_threads_the_environment_names() -> None:
    import numpy  # noqa: F401 - loads numpy's OpenBLAS
    import scipy.optimize  # noqa: F401 - loads scipy's own OpenBLAS (the triage training's)
    from threadpoolctl import threadpool_info

    wanted = int(os.environ["OPENBLAS_NUM_THREADS"])  # set by tests/__init__.py unless given
    blas = [pool for pool in threadpool_info() if pool["internal_api"] == "openblas"]
    assert len(blas) >= 2, blas
    assert all(pool["num_threads"] == wanted for pool in blas), blas
