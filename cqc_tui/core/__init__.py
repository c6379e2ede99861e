"""The core: frameworks, reviews, storage, ratings and exchange. Never imports Textual."""
