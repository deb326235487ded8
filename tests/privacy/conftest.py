from tests.officers.conftest import desk  # noqa: F401 - the officers' fixture, reused
from tests.whatsapp.conftest import wa, wa_factory  # noqa: F401 - the WhatsApp fixtures, reused
