"""Loading liboso and the ctypes declarations of every C function the binding calls.

Every function is declared here, in one table (:data:`FUNCTIONS`), with its exact ``restype``
and ``argtypes``; the public structs are mirrored as :class:`ctypes.Structure` subclasses that
name the C struct they mirror (``_c_name_``). ``tests/test_signatures.py`` parses the C headers
and ``lib/liboso.map`` and checks this table against them mechanically, so a misspelt or
mistyped declaration cannot go unnoticed.

The library is looked up, in this order:

1. the path in the environment variable ``OSO_LIBRARY`` (no fallback when it is set);
2. the build tree: meson generates ``liboso/_paths.py`` in its copy of the package
   (``<builddir>/bindings/python``) with the path of the ``liboso.so`` it built;
3. the wheel: a platform wheel carries the library as ``liboso/_lib/liboso.so.1``;
4. the system loader: ``ctypes.util.find_library("oso")``, then ``liboso.so.1`` (the Debian
   package ``python3-liboso`` uses the system's liboso1 this way).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import threading
from ctypes import (POINTER, Structure, c_char, c_char_p, c_int, c_size_t, c_uint,
                    c_uint32, c_uint64, c_ulong, c_void_p)
from typing import TYPE_CHECKING, Dict, List, Optional, Sequence, Tuple

#: The soname the binding is written for (the ABI major version).
SONAME = "liboso.so.1"

# --- public structs --------------------------------------------------------------------------

# Callback types, declared as CFUNCTYPE does it but as named classes, so that each carries the
# name of its C typedef (CFUNCTYPE itself returns one shared, cached class per signature).
# The type stubs know ctypes' private base class under another name.
if TYPE_CHECKING:
    _CFuncPtr = ctypes._FuncPointer
else:
    _CFuncPtr = ctypes._CFuncPtr
_FUNCFLAG_CDECL: int = getattr(ctypes, "_FUNCFLAG_CDECL")
if TYPE_CHECKING:
    #: What ``ctypes.byref()`` returns (for annotations only).
    ByRef = ctypes._CArgObject


class ATTACHMENT_FN(_CFuncPtr):
    """``oso_attachment_fn`` (parse.h)."""
    _c_name_ = "oso_attachment_fn"
    _flags_ = _FUNCFLAG_CDECL
    _restype_ = c_int
    _argtypes_ = (c_void_p, c_void_p, POINTER(ctypes.c_ubyte), c_size_t, c_int)


class ATTACHMENT_SINK(_CFuncPtr):
    """``oso_attachment_sink`` (attachments.h)."""
    _c_name_ = "oso_attachment_sink"
    _flags_ = _FUNCFLAG_CDECL
    _restype_ = c_int
    _argtypes_ = (c_void_p, POINTER(ctypes.c_ubyte), c_size_t)


class ATTACHMENT_VISIT_FN(_CFuncPtr):
    """``oso_attachment_visit_fn`` (attachments.h)."""
    _c_name_ = "oso_attachment_visit_fn"
    _flags_ = _FUNCFLAG_CDECL
    _restype_ = c_int
    _argtypes_ = (c_void_p, c_void_p, c_void_p)


class ParseOptions(Structure):
    """``oso_parse_options`` (parse.h)."""
    _c_name_ = "oso_parse_options"
    _fields_ = [
        ("version", c_uint),
        ("max_depth", c_uint),
        ("max_nodes", c_uint64),
        ("max_text_bytes", c_uint64),
        ("max_input_bytes", c_uint64),
        ("attachment_fn", ATTACHMENT_FN),
        ("attachment_ctx", c_void_p),
    ]


class AttachmentOptions(Structure):
    """``oso_attachment_options`` (attachments.h)."""
    _c_name_ = "oso_attachment_options"
    _fields_ = [
        ("version", c_uint),
        ("max_entries", c_size_t),
        ("max_entry_size", c_uint64),
        ("max_total_size", c_uint64),
        ("max_ratio", c_uint32),
    ]


class ValidateOptions(Structure):
    """``oso_validate_options`` (validate.h)."""
    _c_name_ = "oso_validate_options"
    _fields_ = [
        ("version", c_uint),
        ("profile", c_int),
        ("codelists", c_void_p),
        ("rules", c_uint),
        ("strict", c_int),
        ("attachments", POINTER(AttachmentOptions)),
    ]


class ChainCheckOptions(Structure):
    """``oso_chain_check_options`` (chain.h)."""
    _c_name_ = "oso_chain_check_options"
    _fields_ = [
        ("version", c_uint),
        ("expect", c_int),
        ("max_bytes", c_size_t),
        ("max_depth", c_uint),
    ]


class ChainIdentity(Structure):
    """``oso_chain_identity`` (chain_write.h)."""
    _c_name_ = "oso_chain_identity"
    _fields_ = [("label", c_char_p), ("id", c_char_p)]


class ChainSchool(Structure):
    """``oso_chain_school`` (chain_write.h)."""
    _c_name_ = "oso_chain_school"
    _fields_ = [
        ("instellingscode", c_char_p),
        ("vestigingscode", c_char_p),
        ("onderwijsaanbiedercode", c_char_p),
        ("onderwijslocatiecode", c_char_p),
        ("administratienr", c_char_p),
    ]


class ChainAdvice(Structure):
    """``oso_chain_advice`` (chain_write.h)."""
    _c_name_ = "oso_chain_advice"
    _fields_ = [
        ("identities", POINTER(ChainIdentity)),
        ("identity_count", c_size_t),
        ("advies", c_char_p),
    ]


class ChainGroup(Structure):
    """``oso_chain_group`` (chain_write.h)."""
    _c_name_ = "oso_chain_group"
    _fields_ = [("id", c_char_p), ("omschrijving", c_char_p), ("jaargroep", c_char_p)]


class ChainParticipant(Structure):
    """``oso_chain_participant`` (chain_write.h)."""
    _c_name_ = "oso_chain_participant"
    _fields_ = [
        ("identities", POINTER(ChainIdentity)),
        ("identity_count", c_size_t),
        ("achternaam", c_char_p),
        ("voorvoegsel", c_char_p),
        ("roepnaam", c_char_p),
        ("groep", c_char_p),
        ("jaargroep", c_char_p),
        ("voorletters", c_char_p),
        ("geboortedatum", c_char_p),
        ("geslacht", c_int),
    ]


class ChainDeelnemerslijst(Structure):
    """``oso_chain_deelnemerslijst`` (chain_write.h)."""
    _c_name_ = "oso_chain_deelnemerslijst"
    _fields_ = [
        ("version", c_uint),
        ("datumtijd", c_char_p),
        ("auteur", c_char_p),
        ("schooljaar", c_char_p),
        ("school", POINTER(ChainSchool)),
        ("groups", POINTER(ChainGroup)),
        ("group_count", c_size_t),
        ("participants", POINTER(ChainParticipant)),
        ("participant_count", c_size_t),
    ]


class ChainSchooladviezenlijst(Structure):
    """``oso_chain_schooladviezenlijst`` (chain_write.h)."""
    _c_name_ = "oso_chain_schooladviezenlijst"
    _fields_ = [
        ("version", c_uint),
        ("datumtijd", c_char_p),
        ("auteur", c_char_p),
        ("schooljaar", c_char_p),
        ("school", POINTER(ChainSchool)),
        ("advices", POINTER(ChainAdvice)),
        ("advice_count", c_size_t),
    ]


class ChainScore(Structure):
    """``oso_chain_score`` (chain_write.h)."""
    _c_name_ = "oso_chain_score"
    _fields_ = [("soort", c_char_p), ("id", c_char_p), ("toetseenheid", c_char_p),
                ("waarde", c_char_p)]


class ChainResult(Structure):
    """``oso_chain_result`` (chain_write.h)."""
    _c_name_ = "oso_chain_result"
    _fields_ = [("soort", c_char_p), ("toetseenheid", c_char_p), ("waarde", c_char_p)]


class ChainTestPart(Structure):
    """``oso_chain_test_part`` (chain_write.h); ``parts`` points to the level below."""
    _c_name_ = "oso_chain_test_part"


ChainTestPart._fields_ = [  # set after the class: the struct points to its own type
    ("id", c_char_p),
    ("omschrijving", c_char_p),
    ("parts", POINTER(ChainTestPart)),
    ("part_count", c_size_t),
]


class ChainLeerlingresultaat(Structure):
    """``oso_chain_leerlingresultaat`` (chain_write.h)."""
    _c_name_ = "oso_chain_leerlingresultaat"
    _fields_ = [
        ("version", c_uint),
        ("datumtijd", c_char_p),
        ("auteur", c_char_p),
        ("schooljaar", c_char_p),
        ("id", c_char_p),
        ("identities", POINTER(ChainIdentity)),
        ("identity_count", c_size_t),
        ("result_versie", c_char_p),
        ("result_datumtijd", c_char_p),
        ("toetsdefinitie", c_char_p),
        ("afname_id", c_char_p),
        ("afnametijdstip", c_char_p),
        ("scores_id", c_char_p),
        ("scores", POINTER(ChainScore)),
        ("score_count", c_size_t),
        ("aanvullendeinfo", c_char_p),
        ("results", POINTER(ChainResult)),
        ("result_count", c_size_t),
        ("toets_id", c_char_p),
        ("toets_naam", c_char_p),
        ("toets_versie", c_char_p),
        ("toets_url", c_char_p),
        ("toets_omschrijving", c_char_p),
        ("parts", POINTER(ChainTestPart)),
        ("part_count", c_size_t),
    ]


class DiffOptions(Structure):
    """``oso_diff_options`` (diff.h)."""
    _c_name_ = "oso_diff_options"
    _fields_ = [("version", c_uint), ("report_moves", c_int)]


class AnonymizeOptions(Structure):
    """``oso_anonymize_options`` (anonymize.h)."""
    _c_name_ = "oso_anonymize_options"
    _fields_ = [("version", c_uint), ("seed", c_uint64), ("key", POINTER(ctypes.c_ubyte)),
                ("key_length", c_size_t), ("validate_options", POINTER(ValidateOptions))]


class WriteOptions(Structure):
    """``oso_write_options`` (write.h)."""
    _c_name_ = "oso_write_options"
    _fields_ = [
        ("version", c_uint),
        ("compact", c_int),
        ("omit_attachment_content", c_int),
    ]


class RenderOptions(Structure):
    """``oso_render_options`` (render.h)."""
    _c_name_ = "oso_render_options"
    _fields_ = [
        ("version", c_uint),
        ("lang", c_int),
        ("findings", c_void_p),
        ("attachments", c_int),
        ("attachment_dir", c_char_p),
        ("attachment_href", c_char_p),
        ("release", c_void_p),
        ("fragment", c_int),
        ("attachment_limits", POINTER(AttachmentOptions)),
        ("codelists", c_void_p),
    ]


class Doorstroomtoets(Structure):
    """``oso_doorstroomtoets`` (doorstroomtoets.h)."""
    _c_name_ = "oso_doorstroomtoets"
    _fields_ = [
        ("version", c_uint),
        ("toetssoort", c_char_p),
        ("toetsniveau", c_char_p),
        ("toetsomschrijving", c_char_p),
        ("datum_afname", c_char_p),
        ("has_standaardscore", c_int),
        ("standaardscore", c_int),
        ("toets_advies", c_char_p),
        ("lezen", c_int),
        ("taalverzorging", c_int),
        ("rekenen", c_int),
        ("rapport_pdf", POINTER(ctypes.c_ubyte)),
        ("rapport_pdf_length", c_size_t),
        ("rapport_filename", c_char_p),
    ]


#: Versions of the options structs this binding was written against.
PARSE_OPTIONS_VERSION = 1
ATTACHMENT_OPTIONS_VERSION = 1
VALIDATE_OPTIONS_VERSION = 1
WRITE_OPTIONS_VERSION = 1
RENDER_OPTIONS_VERSION = 1
DOORSTROOMTOETS_VERSION = 1
CHAIN_CHECK_OPTIONS_VERSION = 1
CHAIN_DEELNEMERSLIJST_VERSION = 1
CHAIN_SCHOOLADVIEZENLIJST_VERSION = 1
CHAIN_LEERLINGRESULTAAT_VERSION = 1

# --- function declarations --------------------------------------------------------------------

_PP = POINTER(c_void_p)  # out-parameter receiving an object handle or a buffer to oso_free()
_status = c_int         # oso_status (an enum: int-sized)
_enum = c_int           # oso_lang, oso_severity, oso_profile, oso_release_value

#: name -> (restype, argtypes). The single source of truth for the ctypes declarations.
FUNCTIONS: Dict[str, Tuple[object, Sequence[object]]] = {
    # common.h
    "oso_strerror": (c_char_p, [_status]),
    "oso_error_last": (c_char_p, []),
    "oso_error_last_status": (_status, []),
    "oso_error_clear": (None, []),
    "oso_free": (None, [c_void_p]),
    "oso_version": (c_char_p, []),
    # dossier.h
    "oso_dossier_new": (_status, [_PP]),
    "oso_dossier_free": (None, [c_void_p]),
    "oso_dossier_clone": (_status, [_PP, c_void_p]),
    "oso_dossier_root": (c_void_p, [c_void_p]),
    "oso_dossier_find": (_status, [_PP, c_void_p, c_char_p]),
    "oso_dossier_get": (c_char_p, [c_void_p, c_char_p]),
    "oso_dossier_set": (_status, [_PP, c_void_p, c_char_p, c_char_p]),
    "oso_node_name": (c_char_p, [c_void_p]),
    "oso_node_parent": (c_void_p, [c_void_p]),
    "oso_node_child": (c_void_p, [c_void_p, c_char_p]),
    "oso_node_child_at": (c_void_p, [c_void_p, c_size_t]),
    "oso_node_child_count": (c_size_t, [c_void_p]),
    "oso_node_next": (c_void_p, [c_void_p]),
    "oso_node_next_same": (c_void_p, [c_void_p]),
    "oso_node_text": (c_void_p, [c_void_p]),
    "oso_node_text_length": (c_size_t, [c_void_p]),
    "oso_node_attribute": (c_char_p, [c_void_p, c_char_p]),
    "oso_node_schema_type": (c_char_p, [c_void_p]),
    "oso_node_line": (c_ulong, [c_void_p]),
    "oso_node_column": (c_ulong, [c_void_p]),
    "oso_node_position": (c_size_t, [c_void_p]),
    "oso_node_path": (_status, [_PP, c_void_p]),
    "oso_node_add": (_status, [_PP, c_void_p, c_char_p, c_char_p]),
    "oso_node_set_text": (_status, [c_void_p, c_char_p]),
    "oso_node_set_attribute": (_status, [c_void_p, c_char_p, c_char_p]),
    "oso_node_remove": (_status, [c_void_p]),
    # parse.h
    "oso_parse_options_init": (_status, [POINTER(ParseOptions), c_uint]),
    "oso_parser_new": (_status, [_PP, POINTER(ParseOptions)]),
    "oso_parser_feed": (_status, [c_void_p, c_char_p, c_size_t]),
    "oso_parser_finish": (_status, [c_void_p, _PP, _PP]),
    "oso_parser_free": (None, [c_void_p]),
    "oso_dossier_parse_buffer": (_status, [_PP, _PP, c_char_p, c_size_t, POINTER(ParseOptions)]),
    "oso_dossier_parse_file": (_status, [_PP, _PP, c_char_p, POINTER(ParseOptions)]),
    "oso_dossier_parse_fd": (_status, [_PP, _PP, c_int, POINTER(ParseOptions)]),
    # report.h
    "oso_report_count": (c_size_t, [c_void_p]),
    "oso_report_at": (c_void_p, [c_void_p, c_size_t]),
    "oso_report_error_count": (c_size_t, [c_void_p]),
    "oso_report_warning_count": (c_size_t, [c_void_p]),
    "oso_report_omitted_count": (c_size_t, [c_void_p]),
    "oso_report_valid": (c_int, [c_void_p]),
    "oso_report_profile": (c_char_p, [c_void_p]),
    "oso_report_free": (None, [c_void_p]),
    "oso_diagnostic_rule": (c_char_p, [c_void_p]),
    "oso_diagnostic_severity": (_enum, [c_void_p]),
    "oso_diagnostic_path": (c_char_p, [c_void_p]),
    "oso_diagnostic_line": (c_ulong, [c_void_p]),
    "oso_diagnostic_column": (c_ulong, [c_void_p]),
    "oso_diagnostic_message": (c_char_p, [c_void_p, _enum]),
    "oso_severity_name": (c_char_p, [_enum]),
    # validate.h
    "oso_validate_options_init": (_status, [POINTER(ValidateOptions), c_uint]),
    "oso_validate": (_status, [_PP, c_void_p, POINTER(ValidateOptions)]),
    "oso_validate_file": (_status, [_PP, c_char_p, POINTER(ValidateOptions),
                                    POINTER(ParseOptions)]),
    "oso_validate_buffer": (_status, [_PP, c_char_p, c_size_t, POINTER(ValidateOptions),
                                      POINTER(ParseOptions)]),
    # write.h
    "oso_write_options_init": (_status, [POINTER(WriteOptions), c_uint]),
    "oso_dossier_to_xml": (_status, [_PP, POINTER(c_size_t), c_void_p, POINTER(WriteOptions)]),
    "oso_dossier_write_xml_fd": (_status, [c_void_p, c_int, POINTER(WriteOptions)]),
    "oso_dossier_save_xml": (_status, [c_void_p, c_char_p, POINTER(WriteOptions)]),
    "oso_dossier_to_json": (_status, [_PP, POINTER(c_size_t), c_void_p, POINTER(WriteOptions)]),
    "oso_dossier_write_json_fd": (_status, [c_void_p, c_int, POINTER(WriteOptions)]),
    "oso_dossier_save_json": (_status, [c_void_p, c_char_p, POINTER(WriteOptions)]),
    # render.h
    "oso_render_options_init": (_status, [POINTER(RenderOptions), c_uint]),
    "oso_dossier_to_html": (_status, [_PP, POINTER(c_size_t), c_void_p, POINTER(RenderOptions)]),
    "oso_dossier_write_html_fd": (_status, [c_void_p, c_int, POINTER(RenderOptions)]),
    "oso_dossier_save_html": (_status, [c_void_p, c_char_p, POINTER(RenderOptions)]),
    # release.h
    "oso_release_new": (_status, [_PP]),
    "oso_release_preset": (_status, [_PP, c_char_p]),
    "oso_release_preset_count": (c_size_t, []),
    "oso_release_preset_name": (c_char_p, [c_size_t]),
    "oso_release_free": (None, [c_void_p]),
    "oso_release_set": (_status, [c_void_p, c_char_p, _enum]),
    "oso_release_parse": (_status, [c_void_p, c_char_p]),
    "oso_release_get": (_enum, [c_void_p, c_char_p]),
    "oso_release_value_name": (c_char_p, [_enum]),
    "oso_release_category_field": (c_char_p, [c_int]),
    "oso_dossier_redact": (_status, [_PP, _PP, c_void_p, c_void_p, POINTER(ValidateOptions)]),
    # doorstroomtoets.h, chain.h, chain_write.h, chain_bridge.h
    "oso_doorstroomtoets_init": (_status, [POINTER(Doorstroomtoets), c_uint]),
    "oso_chain_check_options_init": (_status, [POINTER(ChainCheckOptions), c_uint]),
    "oso_chain_check_buffer": (_status, [_PP, POINTER(c_int), c_char_p, c_size_t,
                                         POINTER(ChainCheckOptions)]),
    "oso_chain_check_file": (_status, [_PP, POINTER(c_int), c_char_p,
                                       POINTER(ChainCheckOptions)]),
    "oso_chain_message_type_name": (c_char_p, [c_int]),
    "oso_chain_message_type_from_name": (_status, [POINTER(c_int), c_char_p]),
    "oso_chain_write_schooladviezenlijst": (_status, [_PP, POINTER(c_size_t), _PP,
                                                      POINTER(ChainSchooladviezenlijst)]),
    "oso_chain_write_deelnemerslijst": (_status, [_PP, POINTER(c_size_t), _PP,
                                                  POINTER(ChainDeelnemerslijst)]),
    "oso_chain_write_leerlingresultaat": (_status, [_PP, POINTER(c_size_t), _PP,
                                                    POINTER(ChainLeerlingresultaat)]),
    "oso_chain_write_ontvangstmelding": (_status, [_PP, POINTER(c_size_t), c_char_p]),
    "oso_chain_message_operation": (_status, [c_int, POINTER(c_char_p), POINTER(c_char_p)]),
    "oso_chain_check_routing": (_status, [_PP, c_char_p, c_char_p, c_char_p]),
    "oso_chain_advice_from_dossier": (_status, [POINTER(ChainAdvice), POINTER(ChainIdentity),
                                                c_void_p]),
    "oso_dossier_set_doorstroomtoets": (_status, [c_void_p, POINTER(Doorstroomtoets)]),
    "oso_dossier_import_leerlingresultaat": (_status, [c_void_p, _PP, c_char_p, c_size_t,
                                                       POINTER(ctypes.c_ubyte), c_size_t]),
    "oso_chain_schooladvies_for_code": (_status, [POINTER(c_char_p), POINTER(c_int), c_char_p]),
    # attachments.h
    "oso_attachment_options_init": (_status, [POINTER(AttachmentOptions), c_uint]),
    "oso_attachment_next": (c_void_p, [c_void_p, c_void_p]),
    "oso_attachment_count": (c_size_t, [c_void_p]),
    "oso_attachment_filename": (c_char_p, [c_void_p]),
    "oso_attachment_description": (c_char_p, [c_void_p]),
    "oso_attachment_category": (c_int, [c_void_p]),
    "oso_attachment_decode": (_status, [_PP, POINTER(c_size_t), c_void_p]),
    "oso_attachment_decode_to": (_status, [c_void_p, ATTACHMENT_SINK, c_void_p]),
    "oso_attachment_decode_fd": (_status, [c_void_p, c_int]),
    "oso_attachment_open": (_status, [_PP, c_void_p, POINTER(AttachmentOptions)]),
    "oso_attachment_open_buffer": (_status, [_PP, c_void_p, c_size_t,
                                             POINTER(AttachmentOptions)]),
    "oso_attachment_open_fd": (_status, [_PP, c_int, POINTER(AttachmentOptions)]),
    "oso_attachment_free": (None, [c_void_p]),
    "oso_attachment_entry_count": (c_size_t, [c_void_p]),
    "oso_attachment_entry_name": (c_char_p, [c_void_p, c_size_t]),
    "oso_attachment_entry_name_length": (c_size_t, [c_void_p, c_size_t]),  # since 1.1
    "oso_attachment_entry_size": (c_uint64, [c_void_p, c_size_t]),
    "oso_attachment_entry_compressed_size": (c_uint64, [c_void_p, c_size_t]),
    "oso_attachment_entry_is_dir": (c_int, [c_void_p, c_size_t]),
    "oso_attachment_entry_name_safe": (c_int, [c_void_p, c_size_t]),
    "oso_attachment_find": (_status, [c_void_p, c_char_p, POINTER(c_size_t)]),
    "oso_attachment_extract": (_status, [_PP, POINTER(c_size_t), c_void_p, c_size_t]),
    "oso_attachment_extract_to": (_status, [c_void_p, c_size_t, ATTACHMENT_SINK, c_void_p]),
    "oso_attachment_extract_fd": (_status, [c_void_p, c_size_t, c_int]),
    "oso_attachment_verify": (_status, [_PP, c_void_p, POINTER(AttachmentOptions)]),
    "oso_attachments_verify": (_status, [_PP, c_void_p, POINTER(AttachmentOptions)]),
    "oso_attachments_scan_file": (_status, [_PP, _PP, c_char_p, POINTER(AttachmentOptions),
                                            POINTER(ParseOptions), c_int, ATTACHMENT_VISIT_FN,
                                            c_void_p]),
    "oso_attachments_scan_fd": (_status, [_PP, _PP, c_int, POINTER(AttachmentOptions),
                                          POINTER(ParseOptions), c_int, ATTACHMENT_VISIT_FN,
                                          c_void_p]),
    "oso_attachments_verify_file": (_status, [_PP, c_char_p, POINTER(AttachmentOptions),
                                              POINTER(ParseOptions)]),
    "oso_attachment_set": (_status, [c_void_p, c_char_p, c_char_p, c_char_p, c_size_t]),
    "oso_attachment_set_file": (_status, [c_void_p, c_char_p, c_char_p, c_char_p]),
    "oso_attachment_add": (_status, [_PP, c_void_p, c_char_p, c_char_p, c_char_p, c_size_t]),
    "oso_attachment_add_file": (_status, [_PP, c_void_p, c_char_p, c_char_p, c_char_p]),
    # codelists.h
    "oso_codelists_new": (_status, [_PP]),
    "oso_codelists_free": (None, [c_void_p]),
    "oso_codelists_load_dir": (_status, [c_void_p, c_char_p]),
    "oso_codelists_load_file": (_status, [c_void_p, c_char_p]),
    "oso_codelists_load_buffer": (_status, [c_void_p, c_char_p, c_char_p, c_size_t]),
    "oso_codelists_error_location": (_status, [c_void_p, POINTER(c_char_p), POINTER(c_size_t)]),
    "oso_codelists_get": (c_void_p, [c_void_p, c_int]),
    "oso_codelists_count": (c_size_t, [c_void_p]),
    "oso_codelists_at": (c_void_p, [c_void_p, c_size_t]),
    "oso_codelist_parse_key": (_status, [c_char_p, POINTER(c_int)]),
    "oso_codelist_external_key": (c_char_p, [c_int]),
    "oso_codelist_rule_id": (_status, [c_int, POINTER(c_char), c_size_t]),
    "oso_codelist_id": (c_int, [c_void_p]),
    "oso_codelist_key": (c_char_p, [c_void_p]),
    "oso_codelist_number": (c_int, [c_void_p]),
    "oso_codelist_is_external": (c_int, [c_void_p]),
    "oso_codelist_rule": (c_char_p, [c_void_p]),
    "oso_codelist_name": (c_char_p, [c_void_p]),
    "oso_codelist_version": (c_char_p, [c_void_p]),
    "oso_codelist_source": (c_char_p, [c_void_p]),
    "oso_codelist_origin": (c_char_p, [c_void_p]),
    "oso_codelist_size": (c_size_t, [c_void_p]),
    "oso_codelist_contains": (c_int, [c_void_p, c_char_p, c_size_t]),
    "oso_codelist_lookup": (_status, [c_void_p, c_char_p, c_size_t, POINTER(c_char_p),
                                      POINTER(c_uint)]),
    "oso_codelist_entry": (_status, [c_void_p, c_size_t, POINTER(c_char_p), POINTER(c_char_p),
                                     POINTER(c_uint)]),
    # diff.h and anonymize.h (oso/diff.py, oso/anonymize.py)
    "oso_diff_options_init": (_status, [POINTER(DiffOptions), c_uint]),
    "oso_dossier_diff": (_status, [_PP, c_void_p, c_void_p, POINTER(DiffOptions)]),
    "oso_diff_free": (None, [c_void_p]),
    "oso_diff_count": (c_size_t, [c_void_p]),
    "oso_diff_kind": (_enum, [c_void_p, c_size_t]),
    "oso_change_kind_name": (c_char_p, [_enum]),
    "oso_diff_name": (c_char_p, [c_void_p, c_size_t]),
    "oso_diff_is_attribute": (c_int, [c_void_p, c_size_t]),
    "oso_diff_old_path": (c_char_p, [c_void_p, c_size_t]),
    "oso_diff_new_path": (c_char_p, [c_void_p, c_size_t]),
    "oso_diff_old_value": (c_char_p, [c_void_p, c_size_t]),
    "oso_diff_new_value": (c_char_p, [c_void_p, c_size_t]),
    "oso_diff_category": (c_int, [c_void_p, c_size_t]),
    "oso_diff_is_release": (c_int, [c_void_p, c_size_t]),
    "oso_diff_format_text": (_status, [_PP, POINTER(c_size_t), c_void_p, _enum]),
    "oso_anonymize_options_init": (_status, [POINTER(AnonymizeOptions), c_uint]),
    "oso_dossier_anonymize": (_status, [_PP, c_void_p, POINTER(AnonymizeOptions)]),
}

#: Exported functions this binding deliberately does not wrap, with the reason. The signature
#: test fails for any header function that is neither in FUNCTIONS nor here.
UNBOUND: Dict[str, str] = {
    "oso_dossier_write_xml": "takes a C FILE*; use to_xml(), save_xml() or write_xml_fd()",
    "oso_dossier_write_json": "takes a C FILE*; use to_json(), save_json() or write_json_fd()",
    "oso_dossier_write_html": "takes a C FILE*; use oso.render.to_html() or save_html()",
}
UNBOUND["oso_chain_check_fd"] = "file descriptors: use check_message_file() or check_message()"

# --- loading ----------------------------------------------------------------------------------

_lock = threading.Lock()
_lib: Optional[ctypes.CDLL] = None
_lib_path: Optional[str] = None


class LibraryNotFoundError(OSError):
    """liboso could not be loaded (see :func:`library_candidates` for where it was looked for)."""


def library_candidates() -> List[Tuple[str, str]]:
    """Where the library is looked for, in order: ``(origin, path or name)`` pairs."""
    env = os.environ.get("OSO_LIBRARY")
    if env:
        return [("OSO_LIBRARY", env)]
    found: List[Tuple[str, str]] = []
    try:
        # generated by meson in the build tree's copy of the package
        from . import _paths  # type: ignore[attr-defined]
    except ImportError:
        pass
    else:
        found.append(("build tree", str(_paths.LIBRARY)))
    bundled = os.path.join(os.path.dirname(os.path.abspath(__file__)), "_lib", SONAME)
    if os.path.isfile(bundled):  # a wheel built with OSO_WHEEL_LIBRARY carries the library
        found.append(("wheel", bundled))
    name = ctypes.util.find_library("oso")
    if name:
        found.append(("system", name))
    found.append(("system", SONAME))
    return found


def _declare(lib: ctypes.CDLL) -> None:
    for name, (restype, argtypes) in FUNCTIONS.items():
        try:
            func = getattr(lib, name)
        except AttributeError as exc:
            raise LibraryNotFoundError(
                f"{lib._name} does not export {name}: library too old for this binding") from exc
        func.restype = restype
        func.argtypes = list(argtypes)


def lib() -> ctypes.CDLL:
    """The loaded library with every function declared (loaded on first use)."""
    global _lib, _lib_path
    if _lib is not None:
        return _lib
    with _lock:
        if _lib is None:
            errors = []
            for origin, candidate in library_candidates():
                try:
                    loaded = ctypes.CDLL(candidate, use_errno=True)
                except OSError as exc:
                    errors.append(f"{origin}: {candidate}: {exc}")
                    continue
                _declare(loaded)
                _lib_path = candidate
                _lib = loaded
                break
            else:
                raise LibraryNotFoundError(
                    "cannot load liboso (set OSO_LIBRARY to the path of liboso.so): "
                    + "; ".join(errors))
    return _lib


def library_path() -> str:
    """Path (or soname) of the library that was loaded."""
    lib()
    assert _lib_path is not None
    return _lib_path


def string(value: bytes) -> str:
    """Decode a borrowed C string (UTF-8) that is never NULL into a Python str."""
    return value.decode("utf-8")


def text(value: Optional[bytes]) -> Optional[str]:
    """Decode a borrowed C string (UTF-8) into a Python str."""
    return None if value is None else value.decode("utf-8")


def cstr(value: Optional[str], what: str = "text") -> Optional[bytes]:
    """Encode a Python str for a ``const char *`` argument; refuse embedded NULs."""
    if value is None:
        return None
    if isinstance(value, bytes):
        data = value
    elif isinstance(value, str):
        data = value.encode("utf-8")
    elif isinstance(value, os.PathLike):
        data = os.fsencode(value)
    else:
        raise TypeError(f"{what} must be str, not {type(value).__name__}")
    if b"\0" in data:
        from ._errors import OsoArgumentError  # (circular at module level)
        raise OsoArgumentError(f"{what} contains a NUL character")
    return data
