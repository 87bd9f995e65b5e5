"""Chinese full-text search for the static site: character n-gram index built here, queried by a small script.

See ``generator.search.index`` for the files it writes and ``generator/assets/site/search.js`` for the reader.
"""
