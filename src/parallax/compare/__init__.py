"""Comparing articles of one story: embeddings, alignment, verdicts and framing."""
