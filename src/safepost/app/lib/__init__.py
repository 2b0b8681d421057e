"""Helpers shared by the Django apps: data-directory bootstrap, encryption at rest."""
