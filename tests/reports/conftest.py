# The one-stop fixtures (a procedure, receiving a dossier) are shared with these tests.
from tests.onestop.conftest import at, procedure, receive  # noqa: F401
