"""LangChain's standard embeddings tests, run on the bundled local model (no network)."""

from langchain_tests.integration_tests import EmbeddingsIntegrationTests
from langchain_tests.unit_tests import EmbeddingsUnitTests

from assistant.knowledge.embeddings import LocalE5Embeddings


class TestLocalE5EmbeddingsUnit(EmbeddingsUnitTests):
    @property
    def embeddings_class(self) -> type[LocalE5Embeddings]:
        return LocalE5Embeddings

    @property
    def embedding_model_params(self) -> dict:
        return {"batch_size": 8}


class TestLocalE5EmbeddingsIntegration(EmbeddingsIntegrationTests):
    @property
    def embeddings_class(self) -> type[LocalE5Embeddings]:
        return LocalE5Embeddings

    @property
    def embedding_model_params(self) -> dict:
        return {"batch_size": 8}
