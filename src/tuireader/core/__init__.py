"""The engine: documents, index, search and entities. Never imports Textual."""
