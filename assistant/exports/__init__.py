"""Export reports as Markdown, DOCX and PDF from one renderer-agnostic document model."""
