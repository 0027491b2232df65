"""Earlier tool results are shortened in requests; the current turn's stay whole."""

from langchain_core.messages import AIMessage, HumanMessage, ToolMessage

from assistant.agent import EARLIER_RESULT_CHARS, compact_earlier_tool_results


def call(id_):
    return AIMessage("", tool_calls=[{"name": "record_answer", "args": {}, "id": id_}])


def test_only_results_before_the_last_user_message_are_shortened():
    long = "CURRENT_QUESTION question_id=x\n" + "option text " * 100
    messages = [
        HumanMessage("2"),
        call("a"),
        ToolMessage(long, tool_call_id="a", name="record_answer"),
        AIMessage("Noté."),
        HumanMessage("3"),
        call("b"),
        ToolMessage(long, tool_call_id="b", name="record_answer"),
    ]
    out = compact_earlier_tool_results(messages)
    assert (
        out[2].content.startswith("CURRENT_QUESTION question_id=x") and len(out[2].content) < EARLIER_RESULT_CHARS + 40
    )
    assert out[2].tool_call_id == "a"  # still paired with its call
    assert out[6].content == long and messages[2].content == long  # current turn whole; input untouched
    assert [type(m) for m in out] == [type(m) for m in messages]
