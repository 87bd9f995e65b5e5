"""The archive website: a view per page, rendered from the model, and the build service that writes it.

``publish.publish`` builds a site folder (``dossier site``); ``publish.Publisher`` is the same service for
``mkdocs build``/``serve`` (``generator.mkdocs_plugin``). The theme is reached through ``theme.ThemeEngine``
(``mkdocs_theme`` for MkDocs + Material). See docs/architecture.md.
"""
