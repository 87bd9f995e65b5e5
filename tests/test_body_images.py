"""Images in Markdown bodies that no output can show are named by `check`, at the line that names them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from generator.i18n import set_language
from generator.validate import load_archive

SPEECH = """\
title: 讲话
speaker: 王某
date: 2024-05-08
body: |
  同志们：

  ![现场](files/photo.jpg)
  ![外部](../../etc/hosts) 和 ![网络](http://example.com/a.png)
  <img src="file:///etc/passwd">
  ![缺失](files/nope.jpg)
"""


@pytest.fixture
def english() -> Iterator[None]:
    set_language("en")
    yield
    set_language(None)


def test_body_images_outside_remote_or_missing_are_warned(
    archive_dir: Callable[..., Path], english: None
) -> None:
    root = archive_dir({"speeches/s1.yml": SPEECH})
    archive, problems = load_archive(root)
    assert archive is not None  # warnings only: the archive still builds
    found = [(p.path.name, p.line, p.column, p.code) for p in problems]
    assert found == [
        ("s1.yml", 8, 9, "image-outside"),
        ("s1.yml", 8, 34, "image-remote"),
        ("s1.yml", 9, 13, "image-outside"),
        ("s1.yml", 10, 9, "image-not-found"),
    ]
    assert (
        problems[0].message
        == "body: image '../../etc/hosts' is outside the data folder; it will be left out of every output"
    )
