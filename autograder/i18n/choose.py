"""Which language a submission's feedback is in.

The first of these that gives "en" or "zh" wins:

1. the submission's notebooks: ``metadata.scratchnet.lang`` (the Chinese course sets "zh");
2. ``--lang zh|en`` on the command line (``scratchnet grade``, ``pytest --submission``);
3. ``lang = "zh"`` in ``scratchnet.toml`` (or ``[tool.scratchnet]`` in ``pyproject.toml``);
4. the locale: ``LC_ALL``, ``LC_MESSAGES`` or ``LANG`` (the first one set) starting with
   ``zh`` gives Chinese;
5. English.

Steps 2-5 give the run's default language (:func:`default_language`), which is also the
language of the class report and of the terminal table; step 1 is per submission
(:func:`submission_language`).
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping

from autograder.i18n import DEFAULT_LANGUAGE, normalize

#: A notebook larger than this is not opened for its metadata (the loader refuses it anyway).
_MAX_NOTEBOOK_BYTES = 20 * 1024 * 1024


def locale_language(environ: Mapping[str, str] | None = None) -> str | None:
    """ "zh" when the first of LC_ALL, LC_MESSAGES, LANG that is set starts with zh, "en" when
    it names another language, None when none is set (or it is "C"/"POSIX")."""
    environ = os.environ if environ is None else environ
    for key in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(key, "")
        if value:
            if value.split(".")[0] in ("C", "POSIX"):
                return None
            return "zh" if value.lower().startswith("zh") else "en"
    return None


def default_language(option: str | None = None, configured: str | None = None,
                     environ: Mapping[str, str] | None = None) -> str:
    """The run's language: `option` (--lang), else `configured` (scratchnet.toml), else the
    locale, else English."""
    return (normalize(option) or normalize(configured) or locale_language(environ)
            or DEFAULT_LANGUAGE)


def notebook_language(path: os.PathLike | str) -> str | None:
    """``metadata.scratchnet.lang`` of one notebook file ("en"/"zh"), or None.

    Never raises: a link, an oversized, unreadable or malformed file simply has none.
    """
    try:
        if os.path.islink(path) or os.path.getsize(path) > _MAX_NOTEBOOK_BYTES:
            return None
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
        return normalize(data["metadata"]["scratchnet"]["lang"])
    except (OSError, ValueError, KeyError, TypeError, RecursionError):
        return None


def submission_language(submission) -> str | None:
    """The language the submission's notebooks ask for (the first one that says), or None.

    submission: a ``loading.Submission`` (its ``files`` have ``path``).
    """
    for file in getattr(submission, "files", ()):
        if str(file.path).endswith(".ipynb"):
            found = notebook_language(file.path)
            if found is not None:
                return found
    return None
