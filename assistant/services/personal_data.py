"""A person's data, all of it: export as JSON-ready data, or erase (answers, results, conversations)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from langchain_core.messages import BaseMessage
from langgraph.checkpoint.base import BaseCheckpointSaver

from assistant.storage.assessments import AssessmentStore, Owner
from assistant.storage.audit import AuditLog, pseudonym
from assistant.storage.chat_history import ChatHistoryStore
from assistant.storage.usage import UsageStore


@dataclass(frozen=True)
class ErasureReport:
    """What was removed."""

    database_rows: int
    conversations: int


def _message_record(message: BaseMessage) -> dict[str, Any]:
    record: dict[str, Any] = {"role": message.type, "content": message.content}
    if getattr(message, "tool_calls", None):
        record["tool_calls"] = [{"name": c["name"], "args": c["args"]} for c in message.tool_calls]  # type: ignore[attr-defined]
    if message.type == "tool":
        record["tool"] = getattr(message, "name", None)
    return record


class PersonalData:
    """Export and erasure across the SQL database and the conversation checkpoints."""

    def __init__(
        self,
        store: AssessmentStore,
        checkpointer: BaseCheckpointSaver[Any] | None,
        audit: AuditLog | None = None,
        actor: str = "self",
    ) -> None:
        self.store = store
        # The sidebar history lives in the same database as the assessments.
        self.history = ChatHistoryStore(store.sessions)
        self.checkpointer = checkpointer
        self.audit = audit
        self.actor = actor

    async def export(self, owner: Owner) -> dict[str, Any]:
        """Everything stored about the person, conversations included."""
        data = self.store.export(owner)
        data["token_usage"] = UsageStore(self.store.sessions).export(owner)
        conversations = []
        for thread in self.store.threads_of(owner):
            messages: list[dict[str, Any]] = []
            if self.checkpointer is not None:
                saved = await self.checkpointer.aget_tuple({"configurable": {"thread_id": thread}})
                if saved is not None:
                    values = saved.checkpoint.get("channel_values", {})
                    messages = [_message_record(m) for m in values.get("messages", [])]
            conversations.append({"thread": thread, "messages": messages})
        data["conversations"] = conversations
        data["history"] = self.history.export(owner)
        data["exported_at"] = datetime.now(UTC).isoformat()
        if self.audit is not None:
            self.audit.record("data_exported", owner.organisation, self.actor, pseudonym(owner.person_key))
        return data

    async def erase(self, owner: Owner) -> ErasureReport:
        """Delete the person's conversations, then every database row about them."""
        threads = self.store.threads_of(owner)
        if self.checkpointer is not None:
            for thread in threads:
                await self.checkpointer.adelete_thread(thread)
        history = self.history.erase(owner)
        rows = self.store.erase(owner) + history
        if self.audit is not None:
            # Counts only: the erased content and the person's key are not kept.
            detail = f"rows={rows} conversations={len(threads)} history={history}"
            self.audit.record("data_erased", owner.organisation, self.actor, pseudonym(owner.person_key), detail)
        return ErasureReport(database_rows=rows, conversations=len(threads))
