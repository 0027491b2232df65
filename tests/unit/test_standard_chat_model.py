"""LangChain's standard unit tests for chat models, run on the offline model."""

from langchain_tests.unit_tests import ChatModelUnitTests

from assistant.offline import OfflineChatModel


class TestOfflineChatModelStandard(ChatModelUnitTests):
    @property
    def chat_model_class(self) -> type[OfflineChatModel]:
        return OfflineChatModel

    @property
    def chat_model_params(self) -> dict:
        return {"model_name": "cap-ia-offline", "temperature": 0}

    @property
    def has_tool_calling(self) -> bool:
        return True

    @property
    def has_structured_output(self) -> bool:
        return False
