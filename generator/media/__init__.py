"""Attached files that are neither photos nor PDFs, made printable: office documents (LibreOffice) and video
(contact sheets and poster frames, PyAV)."""
