"""The WhatsApp fixtures too: questions are answered on both channels."""

from tests.whatsapp.conftest import wa, wa_factory  # noqa: F401
