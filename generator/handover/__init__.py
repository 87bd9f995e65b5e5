"""Handover to the archives (移交): the package (``generator.handover.package.build_handover``) and the
four-property check that proves it (``generator.handover.verify.verify_package``).

Importing this package registers its messages; it imports nothing heavy, so ``dossier verify`` does not
load the binders' renderer.
"""

from __future__ import annotations

from generator.handover import messages as _messages

_messages.register()
