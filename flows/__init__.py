"""Prefect flows that wire newsclean's stages: retries, task runners, artifacts."""
