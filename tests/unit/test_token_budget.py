"""Which calls the budget bills, and how many tokens a call costs."""

from types import SimpleNamespace

import pytest
from langchain.agents.middleware import ModelRequest, ModelResponse
from langchain_core.messages import AIMessage, HumanMessage, SystemMessage

from assistant.agent import message_tokens
from assistant.budget import TokenBudgetMiddleware, billed_owner, tokens_used
from assistant.offline import OfflineChatModel
from assistant.storage.assessments import Owner
from assistant.tools.assessment import SessionContext
from tests.fakes import ScriptedChatModel

ALICE = Owner("Acme", "alice")


def request(model, context=None, text="Combien coûte un chatbot ?"):
    return ModelRequest(
        model=model,
        messages=[HumanMessage(text)],
        system_message=SystemMessage("Tu es Cap IA."),
        runtime=SimpleNamespace(context=context),
    )


def test_reported_usage_is_taken_as_is():
    reported = AIMessage("ok", usage_metadata={"input_tokens": 1200, "output_tokens": 34, "total_tokens": 1234})
    assert tokens_used(request(ScriptedChatModel()), ModelResponse(result=[reported])) == 1234


def test_missing_usage_is_estimated_from_what_was_sent_and_received():
    sent = request(ScriptedChatModel())
    received = AIMessage("Environ mille euros par an pour une petite équipe.")
    estimate = tokens_used(sent, ModelResponse(result=[received]))
    assert estimate == message_tokens([sent.system_message, *sent.messages]) + message_tokens([received])
    assert estimate > message_tokens([received]) > 0


def test_only_a_known_person_on_a_real_model_is_billed():
    provider, offline = ScriptedChatModel(), OfflineChatModel()
    assert billed_owner(request(provider, SessionContext(ALICE))) == ALICE
    assert billed_owner(request(offline, SessionContext(ALICE))) is None  # offline answers are free
    assert billed_owner(request(provider, SessionContext(None))) is None  # the terminal chat
    assert billed_owner(request(provider, {"owner": ALICE})) is None  # only the server's own context counts


def test_a_zero_budget_is_refused_rather_than_blocking_everyone():
    with pytest.raises(ValueError, match="daily_budget"):
        TokenBudgetMiddleware(object(), 0, OfflineChatModel())  # type: ignore[arg-type]
