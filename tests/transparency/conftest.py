"""The demo runtime of the web tests: the transparency page served on 127.0.0.1."""

from tests.web.conftest import demo  # noqa: F401
