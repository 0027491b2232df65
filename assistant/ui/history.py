"""Chainlit data layer over the application database: history is kept per login and shown only to its owner."""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from chainlit.data.base import BaseDataLayer
from chainlit.types import Feedback, PageInfo, PaginatedResponse, Pagination, ThreadDict, ThreadFilter
from chainlit.user import PersistedUser, User

from assistant.storage.chat_history import ChatHistoryStore, ThreadAccessError, ThreadRecord
from assistant.storage.owner import Owner
from assistant.storage.users import Account

log = logging.getLogger(__name__)
FindAccount = Callable[[str], Account | None]
# A conversation begun with a button is named after the button's action; show a title instead.
ACTION_TITLES = {
    "interview_": "Auto-évaluation / Self-assessment",
    "discovery_": "Diagnostic entreprise / Company diagnosis",
    "my_data_": "Mes données / My data",
}
ForgetThread = Callable[[str], Awaitable[None]]


def person_key_of(login: str) -> str:
    """The pseudonymous person key of a login (the same one the interview and exports use)."""
    return f"user:{login}"


def _session_user() -> str | None:
    """The login of the WebSocket session making this call, when there is one.

    Chainlit trusts the thread id a browser sends; checking it against the session's login here is what keeps a
    crafted id from writing into somebody else's conversation.
    """
    try:
        from chainlit.context import context

        user = context.session.user
    except Exception:
        return None
    return getattr(user, "identifier", None)


class HistoryDataLayer(BaseDataLayer):
    """Keep conversations, messages and ratings; files are not kept (reports are produced again on demand)."""

    def __init__(self, store: ChatHistoryStore, find_account: FindAccount, forget: ForgetThread | None = None) -> None:
        self.store = store
        self.find_account = find_account
        self.forget = forget

    async def get_user(self, identifier: str) -> PersistedUser | None:
        """An active account, as Chainlit's persisted user."""
        account = await asyncio.to_thread(self.find_account, identifier)
        if account is None or account.disabled:
            return None
        return PersistedUser(
            id=account.login,
            identifier=account.login,
            createdAt="",
            metadata={"role": account.role, "organisation": account.organisation},
        )

    async def create_user(self, user: User) -> PersistedUser | None:
        """Accounts are created with ``cap-ia users add``; logging in never creates one."""
        return await self.get_user(user.identifier)

    async def get_thread_author(self, thread_id: str) -> str:
        """The login owning the thread (Chainlit refuses access when it is not the caller's)."""
        author = await asyncio.to_thread(self.store.author, thread_id)
        if author is None:
            raise ValueError(f"no thread {thread_id}")
        return author

    async def update_thread(
        self,
        thread_id: str,
        name: str | None = None,
        user_id: str | None = None,
        metadata: dict[str, Any] | None = None,
        tags: list[str] | None = None,
    ) -> None:
        """Create or update a thread of the session's user; a thread of someone else is left untouched."""
        login = _session_user() or user_id
        if login is None:
            login = await asyncio.to_thread(self.store.author, thread_id)
            if login is None:
                return  # an anonymous session has no history
        account = await asyncio.to_thread(self.find_account, login)
        if account is None:
            return
        owner = Owner(account.organisation, person_key_of(login))
        if name is not None:
            name = _title(name)
        try:
            await asyncio.to_thread(self.store.save_thread, thread_id, login, owner, name, metadata, tags)
        except ThreadAccessError:
            log.warning("refused a change to a thread of another user")

    async def get_thread(self, thread_id: str) -> ThreadDict | None:
        """The thread with its messages."""
        record = await asyncio.to_thread(self.store.thread, thread_id)
        if record is None:
            return None
        login = _session_user()
        if login is not None and login != record.user_identifier:
            return None
        return _thread_dict(record)

    async def list_threads(self, pagination: Pagination, filters: ThreadFilter) -> PaginatedResponse[ThreadDict]:
        """The caller's threads, most recent first, a page at a time."""
        if not filters.userId:
            raise ValueError("userId is required")
        records = await asyncio.to_thread(self.store.threads_of, filters.userId, filters.search)
        start = 0
        if pagination.cursor:
            ids = [record.id for record in records]
            start = ids.index(pagination.cursor) + 1 if pagination.cursor in ids else len(ids)
        page = records[start : start + pagination.first]
        return PaginatedResponse(
            pageInfo=PageInfo(
                hasNextPage=len(records) > start + pagination.first,
                startCursor=page[0].id if page else None,
                endCursor=page[-1].id if page else None,
            ),
            data=[_thread_dict(record) for record in page],
        )

    async def delete_thread(self, thread_id: str) -> None:
        """Delete a thread and the agent's memory of it."""
        try:
            deleted = await asyncio.to_thread(self.store.delete_thread, thread_id, _session_user())
        except ThreadAccessError:
            log.warning("refused to delete a thread of another user")
            return
        if deleted and self.forget is not None:
            await self.forget(thread_id)

    async def create_step(self, step_dict: Any) -> None:
        """Keep a message of the session user's thread (the first message may arrive before the thread)."""
        login, step = _session_user(), dict(step_dict)
        outcome = await asyncio.to_thread(self.store.save_step, step, login)
        if outcome == "no_thread" and login is not None and step.get("threadId"):
            await self.update_thread(str(step.get("threadId") or ""))
            outcome = await asyncio.to_thread(self.store.save_step, step, login)
        if outcome != "saved":
            log.debug("step not kept: %s", outcome)

    async def update_step(self, step_dict: Any) -> None:
        """Update a kept message."""
        await self.create_step(step_dict)

    async def delete_step(self, step_id: str) -> None:
        """Delete a message of the session user's thread."""
        await asyncio.to_thread(self.store.delete_step, step_id, _session_user())

    async def upsert_feedback(self, feedback: Feedback) -> str:
        """Record a thumbs up or down."""
        feedback_id = feedback.id or str(uuid.uuid4())
        await asyncio.to_thread(
            self.store.save_feedback,
            feedback_id,
            feedback.forId,
            int(feedback.value),
            feedback.comment,
            _session_user(),
        )
        return feedback_id

    async def delete_feedback(self, feedback_id: str) -> bool:
        """Delete a rating."""
        return await asyncio.to_thread(self.store.delete_feedback, feedback_id, _session_user())

    async def create_element(self, element: Any) -> None:
        """Files are not kept: they would duplicate personal data that the reports regenerate."""

    async def get_element(self, thread_id: str, element_id: str) -> Any:
        """No file is kept."""
        return None

    async def delete_element(self, element_id: str, thread_id: str | None = None) -> None:
        """No file is kept."""

    async def get_favorite_steps(self, user_id: str) -> list[Any]:
        """Favourites are not offered."""
        return []

    async def build_debug_url(self) -> str:
        """No external debugging tool."""
        return ""

    async def close(self) -> None:
        """Nothing to close: the database engine belongs to the application."""


def _title(name: str) -> str:
    for prefix, title in ACTION_TITLES.items():
        if name.startswith(prefix) and " " not in name:
            return title
    return name


def _thread_dict(record: ThreadRecord) -> ThreadDict:
    return ThreadDict(
        id=record.id,
        createdAt=record.created_at.isoformat(),
        name=record.name,
        userId=record.user_identifier,
        userIdentifier=record.user_identifier,
        tags=record.tags,
        metadata=record.metadata,
        steps=record.steps,  # type: ignore[typeddict-item]
        elements=[],
    )
