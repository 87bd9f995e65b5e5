"""Optical character recognition of scanned evidence: the engine, the pages to read, the text files kept
beside the scans, and the runners (one machine, a process pool or a Dask cluster)."""
