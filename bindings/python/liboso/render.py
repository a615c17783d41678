"""The HTML view of a dossier for people (``include/oso/render.h``, doc/render.md).

    import liboso
    from liboso import render

    with liboso.Dossier.from_file("dossier.xml") as dossier:
        html = render.to_html(dossier, lang="en", findings=True, attachments="embed")
        render.save_html(dossier, "dossier.html", release="OV-POVO-opt-out")

The view is self-contained HTML5 (no scripts, external style sheets, fonts or images) with a
section per release category; all dossier text is escaped.
"""

from __future__ import annotations

import ctypes
import os
from typing import Callable, Optional, Union

from . import _native
from ._errors import OsoArgumentError, RuleGroup, check
from .codelists import Codelists
from .dossier import Dossier, LangArg, PathArg, _lang, _validate_options
from .release import Release, ReleaseSpec

#: ``attachments`` modes (``oso_render_attachments``).
ATTACHMENT_MODES = {"none": 0, "list": 1, "embed": 2, "link": 3}


def _render(dossier: Dossier, action: Callable[[_native.RenderOptions], None], *, lang: LangArg, findings: bool, attachments: str,
            attachment_dir: Optional[PathArg], attachment_href: Optional[str],
            release: ReleaseSpec, fragment: bool, codelists: Optional[Codelists]) -> None:
    if not isinstance(dossier, Dossier):
        raise OsoArgumentError("dossier must be an oso.Dossier")
    if attachments not in ATTACHMENT_MODES:
        raise OsoArgumentError(f"unknown attachments mode {attachments!r} "
                               "(none, list, embed or link)")
    lib = _native.lib()
    options = _native.RenderOptions()
    check(lib.oso_render_options_init(ctypes.byref(options), _native.RENDER_OPTIONS_VERSION),
          "render options")
    options.lang = int(_lang(lang))
    options.attachments = ATTACHMENT_MODES[attachments]
    options.fragment = 1 if fragment else 0
    if codelists is not None:
        if not isinstance(codelists, Codelists):
            raise OsoArgumentError("codelists must be an oso.Codelists")
        options.codelists = codelists._ptr()
    if attachment_dir is not None:
        options.attachment_dir = os.fsencode(attachment_dir)
    if attachment_href is not None:
        options.attachment_href = attachment_href.encode("utf-8")
    spec = None
    if release is not None:
        spec = release if isinstance(release, Release) else Release(release)
        options.release = spec._ptr()
    report = ctypes.c_void_p()
    try:
        if findings:
            vo = _validate_options("auto", codelists, True, False, None)
            vo.rules |= int(RuleGroup.ATTACHMENTS)
            check(lib.oso_validate(ctypes.byref(report), dossier._ptr(), ctypes.byref(vo)),
                  "validate")
            options.findings = report.value
        action(options)
    finally:
        lib.oso_report_free(report.value)
        if spec is not None and spec is not release:
            spec.close()


def to_html(dossier: Dossier, *, lang: LangArg = "nl", findings: bool = False,
            attachments: str = "list", attachment_dir: Optional[PathArg] = None,
            attachment_href: Optional[str] = None, release: ReleaseSpec = None,
            fragment: bool = False, codelists: Optional[Codelists] = None) -> str:
    """The dossier as an HTML view (``oso_dossier_to_html``).

    ``findings`` runs a full validation (official rules and attachments) and shows its
    findings next to their elements and in a summary; ``attachments`` is ``"none"``,
    ``"list"``, ``"embed"`` (download links inside the HTML) or ``"link"`` (files written to
    ``attachment_dir`` and linked as ``attachment_href``/name); ``release`` (a preset, text,
    mapping or :class:`oso.Release`) previews a release without changing the dossier;
    ``fragment`` gives a ``<div class="oso-dossier">`` to embed; ``codelists`` (an
    :class:`oso.Codelists`) supplies the meanings shown and the lists of the validation
    (default: the embedded lists).
    """
    result = []

    def action(options: _native.RenderOptions) -> None:
        lib = _native.lib()
        out, length = ctypes.c_void_p(), ctypes.c_size_t()
        check(lib.oso_dossier_to_html(ctypes.byref(out), ctypes.byref(length), dossier._ptr(),
                                      ctypes.byref(options)), "render")
        try:
            result.append(ctypes.string_at(out.value or 0, length.value).decode("utf-8"))
        finally:
            lib.oso_free(out.value)

    _render(dossier, action, lang=lang, findings=findings, attachments=attachments,
            attachment_dir=attachment_dir, attachment_href=attachment_href, release=release,
            fragment=fragment, codelists=codelists)
    return result[0]


def save_html(dossier: Dossier, target: Union[PathArg, int], *, lang: LangArg = "nl",
              findings: bool = False, attachments: str = "list",
              attachment_dir: Optional[PathArg] = None, attachment_href: Optional[str] = None,
              release: ReleaseSpec = None, fragment: bool = False,
              codelists: Optional[Codelists] = None) -> None:
    """Write the HTML view to a path (created or truncated) or an open file descriptor (an
    int); options as for :func:`to_html`."""

    def action(options: _native.RenderOptions) -> None:
        lib = _native.lib()
        if isinstance(target, bool):
            raise OsoArgumentError("target must be a path or a file descriptor")
        if isinstance(target, int):
            check(lib.oso_dossier_write_html_fd(dossier._ptr(), target, ctypes.byref(options)),
                  f"fd {target}")
        else:
            check(lib.oso_dossier_save_html(dossier._ptr(), os.fsencode(target),
                                            ctypes.byref(options)), os.fsdecode(target))

    _render(dossier, action, lang=lang, findings=findings, attachments=attachments,
            attachment_dir=attachment_dir, attachment_href=attachment_href, release=release,
            fragment=fragment, codelists=codelists)
