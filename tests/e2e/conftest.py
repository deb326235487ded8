"""The WhatsApp fixtures too: the whole-walk tests run both channels side by side."""

from tests.whatsapp.conftest import wa, wa_factory  # noqa: F401
