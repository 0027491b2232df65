"""Chainlit entry point (what ``cap-ia serve`` runs): set up the server, then register every handler.

Chainlit loads this file by its path, so it holds no handler itself: the handler modules are imported
as ``assistant.ui.*`` and their decorators register them once, whoever imports them first.
"""

from __future__ import annotations

from assistant.ui import server_setup

# Login, history and middleware must be in place before the server starts, that is when this file is loaded.
server_setup.install()

from assistant.ui import (  # noqa: E402, F401  (imported for their Chainlit decorators)
    app_state,
    chat_lifecycle,
    discovery_actions,
    interview_actions,
    my_data_actions,
)
