"""Set up Chainlit's server for Cap IA: login, history, session files and the HTTP middleware."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

import chainlit as cl

from assistant.config import get_settings
from assistant.ui import app_state
from assistant.ui.identity import VisitorCookieMiddleware
from assistant.ui.login_throttle import LoginThrottleMiddleware
from assistant.ui.security_headers import SecurityHeadersMiddleware

if TYPE_CHECKING:
    from fastapi import FastAPI


def install() -> None:
    """Register login, history and middleware; call once, before the server starts."""
    # Chainlit serves this FastAPI app; the middleware must be added before the server starts.
    from chainlit.server import app as server_app

    server_app.add_middleware(VisitorCookieMiddleware)
    _private_files_directory()
    # Registering a callback turns Chainlit's login on, so only the configured mode is registered;
    # history needs a login.
    if get_settings().auth == "password":
        cl.password_auth_callback(_password_login)
    elif get_settings().auth == "header":
        cl.header_auth_callback(_header_login)
    if get_settings().auth != "none":
        cl.data_layer(app_state.history_layer)
    # Added last, the security headers wrap everything, the throttle's 429 answers included.
    _add_login_throttle(server_app)
    server_app.add_middleware(SecurityHeadersMiddleware)


def _private_files_directory() -> None:
    """Give this process its own folder for session files.

    Chainlit keeps them in one folder under the app root and deletes that whole folder when a server stops,
    which breaks any other server (a second worker, a test server) started from the same directory.
    """
    import os

    import chainlit.config as chainlit_config
    import chainlit.server as chainlit_server

    folder = get_settings().data_dir / "session-files" / str(os.getpid())
    folder.mkdir(parents=True, exist_ok=True)
    chainlit_config.FILES_DIRECTORY = folder
    chainlit_server.FILES_DIRECTORY = folder  # type: ignore[attr-defined]


def _chainlit_user(account: Any) -> cl.User:
    """Return the Chainlit user for an account, carrying its role and organisation."""
    return cl.User(identifier=account.login, metadata={"role": account.role, "organisation": account.organisation})


async def _password_login(username: str, password: str) -> cl.User | None:
    """Check a login against the user table (scrypt; locked after repeated failures)."""
    if len(username) > 200 or len(password) > 1000:
        return None
    account = await asyncio.to_thread(app_state.user_store().authenticate, username, password)
    return _chainlit_user(account) if account is not None else None


async def _header_login(headers: Any) -> cl.User | None:
    """Trust the login set by the company's authenticating proxy, if that user exists and is active."""
    login = headers.get(get_settings().auth_header)
    if not login:
        return None
    account = await asyncio.to_thread(app_state.user_store().find, login)
    return _chainlit_user(account) if account is not None and not account.disabled else None


def _audit_throttled_login(address: str) -> None:
    """Record that an address was made to wait (pseudonymised: an address is personal data)."""
    from assistant.storage.audit import AuditLog, pseudonym

    AuditLog(app_state.sessions()).record(
        "login_throttled", get_settings().organisation, "anonymous", pseudonym(address)
    )


def _add_login_throttle(server_app: FastAPI) -> None:
    """Make an address wait after repeated failed logins."""
    from chainlit.config import config as chainlit_config

    settings = get_settings()
    server_app.add_middleware(
        LoginThrottleMiddleware,
        max_failures=settings.login_max_failures,
        window_s=settings.login_window_s,
        on_throttle=_audit_throttled_login,
        root_path=chainlit_config.run.root_path or "",
    )
