"""Bound PDF binders (卷): cover, catalogue, items per GB/T 9704 and DA/T 22, scans, 备考表, spine labels.

Stages: ``select`` (which records) → ``html`` (Jinja2 templates, no WeasyPrint) → ``render`` (WeasyPrint and
pypdf, in worker processes) → ``build`` (cache, parallelism, atomic output).
"""

from __future__ import annotations

from .build import BinderResult, BuildOptions, BuildResult, UnknownBinder, build_binders

__all__ = ["BinderResult", "BuildOptions", "BuildResult", "UnknownBinder", "build_binders"]
