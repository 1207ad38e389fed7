"""Persistence: articles, stories and their analyses in SQLite (default) or PostgreSQL."""
