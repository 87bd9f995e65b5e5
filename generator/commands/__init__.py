"""One module per CLI command: the library function that does the work, and the click command around it."""
