"""The system libraries WeasyPrint loads, checked once in the parent before any worker imports it.

WeasyPrint opens Pango, HarfBuzz, fontconfig and GObject with ``dlopen`` when it is imported. Without this
check a missing one fails every worker process on its own, each printing WeasyPrint's banner and a traceback
that names the library but not the package to install. Here each library is opened the way WeasyPrint
opens it (``RTLD_NOW``, by its Linux name), and the ones that cannot be loaded are named in one error with the
Debian packages that ship them (the Makefile's ``APT_PACKAGES_RUNTIME`` installs the same packages).
"""

from __future__ import annotations

import ctypes
import sys
from dataclasses import dataclass

from generator.errors import DossierError
from generator.i18n import t


@dataclass(frozen=True)
class NativeLibrary:
    soname: str  # the name the dynamic loader looks for on Linux
    package: str  # the Debian package that ships it


# HarfBuzz-Subset is optional to WeasyPrint 70, but without it WeasyPrint subsets the CJK fonts with fontTools
# instead, which makes the first build of the binders about ten times slower: we require it.
WEASYPRINT_LIBRARIES: tuple[NativeLibrary, ...] = (
    NativeLibrary("libgobject-2.0.so.0", "libglib2.0-0"),
    NativeLibrary("libpango-1.0.so.0", "libpango-1.0-0"),
    NativeLibrary("libharfbuzz.so.0", "libharfbuzz0b"),
    NativeLibrary("libharfbuzz-subset.so.0", "libharfbuzz-subset0"),
    NativeLibrary("libfontconfig.so.1", "libfontconfig1"),
    NativeLibrary("libpangoft2-1.0.so.0", "libpangoft2-1.0-0"),
)


class NativeLibrariesMissing(DossierError):
    """Some library WeasyPrint needs cannot be loaded; nothing was rendered."""

    def __init__(self, missing: list[NativeLibrary]) -> None:
        self.missing = missing
        packages = " ".join(dict.fromkeys(library.package for library in missing))
        libraries = ", ".join(library.soname for library in missing)
        super().__init__(t("binders-native-missing", libraries=libraries, packages=packages))


def unloadable(libraries: tuple[NativeLibrary, ...] = WEASYPRINT_LIBRARIES) -> list[NativeLibrary]:
    """The ``libraries`` the dynamic loader cannot load into this process, leaving out those that fail only
    because another of them does (Pango without GObject). None off Linux, where the names and packages
    differ and WeasyPrint's own error stands."""
    if not sys.platform.startswith("linux"):
        return []
    errors: dict[NativeLibrary, str] = {}
    for library in libraries:
        try:
            ctypes.CDLL(library.soname)  # ctypes always adds RTLD_NOW, as WeasyPrint asks
        except OSError as exc:
            errors[library] = str(exc)
    causes = [
        library
        for library, error in errors.items()
        if not any(other.soname in error for other in errors if other is not library)
    ]
    return causes or list(errors)


def require_weasyprint_libraries() -> None:
    """Raise :class:`NativeLibrariesMissing` unless every library WeasyPrint needs loads."""
    missing = unloadable()
    if missing:
        raise NativeLibrariesMissing(missing)
