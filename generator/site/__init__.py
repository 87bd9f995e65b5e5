"""The archive website: a page model and renderers for every record, list, index and download.

``build_site(archive, audience, cache_dir)`` returns a ``Site`` (pages rendered on demand, files, navigation)
that an engine writes out; ``generator.mkdocs_plugin`` does that with MkDocs + Material.
"""

from __future__ import annotations

from generator.site.build import build_site
from generator.site.pages import NavEntry, RenderedPage, Site, SiteFile, SitePage

__all__ = ["NavEntry", "RenderedPage", "Site", "SiteFile", "SitePage", "build_site"]
