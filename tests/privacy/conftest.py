from tests.officers.conftest import desk  # noqa: F401 - the officers' fixture, reused
