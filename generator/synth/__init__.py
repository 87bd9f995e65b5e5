"""Synthetic, deterministic material for the demo archive and for benchmarks (photos, scans, Word, Excel)."""

from __future__ import annotations
