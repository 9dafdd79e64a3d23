"""Deciding whether an uploaded file is acceptable proof, by its content.

A file is accepted only when its content is a PDF, JPEG or PNG, the extension of its name agrees,
and a real parse succeeds. What is served is never the bytes sent: images are decoded and
re-encoded, which drops EXIF (GPS included) and anything hidden after the picture; PDFs are
rewritten by qpdf to hold only their pages and what those use, with no actions, scripts, links
out, attachments or multimedia. Scripts and attachments the sender put in are refused outright.
A declaration's upload checks a PDF in the request and leaves the rewrite to a background task
(`check_upload(..., rewrite_pdf_later=True)`, then `rewrite_pdf`): the bytes sent are kept where
nothing serves them until the rewrite is stored.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import tempfile
import unicodedata
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

import magic
import pikepdf
from django.conf import settings
from django.core.files.base import ContentFile, File
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

NAME_MAX_CHARS = 200
THUMBNAIL_MAX_SIDE = 320
PDF_MAX_OBJECTS = 50_000
SNIFF_BYTES = 2048
# Where %%EOF must be: anything but white space after it is smuggled data.
PDF_TAIL_BYTES = 1024
PDF_SCAN_BYTES = 64 * 1024

KIND_BY_MIME = {"application/pdf": "pdf", "image/jpeg": "jpeg", "image/png": "png"}
KIND_BY_EXTENSION = {".pdf": "pdf", ".jpg": "jpeg", ".jpeg": "jpeg", ".png": "png"}
EXTENSION = {"pdf": ".pdf", "jpeg": ".jpg", "png": ".png"}
CONTENT_TYPE = {"pdf": "application/pdf", "jpeg": "image/jpeg", "png": "image/png"}
PIL_FORMAT = {"jpeg": "JPEG", "png": "PNG"}
FORMAT_NAME = {"pdf": "PDF", "jpeg": "JPEG", "png": "PNG"}
CONTENT_DESCRIPTION = {
    "pdf": _("a PDF document"),
    "jpeg": _("a JPEG image"),
    "png": _("a PNG image"),
}

# Bytes PDF counts as white space (ISO 32000-1, 7.2.2); anything else after %%EOF is smuggled.
PDF_WHITESPACE = b"\x00\t\n\x0c\r "
REFUSED_PDF_KEYS = frozenset(
    {"/JS", "/JavaScript", "/AA", "/Launch", "/EmbeddedFiles", "/XFA", "/RichMediaContent"}
)
REFUSED_PDF_ACTIONS = frozenset(
    {"/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/Rendition", "/GoToE"}
)
REFUSED_PDF_ANNOTATIONS = frozenset({"/FileAttachment", "/RichMedia"})
# Dropped from the rewrite rather than refused: common in honest files (a certificate's link to
# its issuer's website), harmless once gone.
STRIPPED_PDF_KEYS = (
    "/AA",
    "/JS",
    "/JavaScript",
    "/OpenAction",
    "/URI",
    "/Launch",
    "/EmbeddedFiles",
    "/RichMediaContent",
    "/XFA",
    "/Movie",
    "/Sound",
)
STRIPPED_PDF_ANNOTATIONS = frozenset(
    {"/FileAttachment", "/RichMedia", "/Movie", "/Sound", "/Screen", "/3D"}
)


class UploadRejected(Exception):
    """`message` is a translated, user-facing string naming the file and the reason;
    `code` says which rule refused it, for forms and tests."""

    def __init__(self, message: str, *, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class CheckedFile:
    kind: str
    extension: str
    content_type: str
    # What to store: the rewritten PDF or the re-encoded image; what was sent only when
    # `rewrite_pending` (a PDF to be rewritten after the response, stored where nothing serves it).
    content: File
    size: int
    sha256: str  # of the file as uploaded: the same proof sent twice has the same fingerprint
    original_name: str
    pages: int | None
    width: int | None
    height: int | None
    thumbnail: bytes | None
    rewrite_pending: bool = False

    @property
    def data(self) -> bytes:
        self.content.seek(0)
        return bytes(self.content.read())

    def described(self) -> dict[str, Any]:
        """What a stored proof row (Evidence, a batch's proof) records of this file."""
        return {
            "original_name": self.original_name,
            "content_type": self.content_type,
            "size": self.size,
            "sha256": self.sha256,
            "pages": self.pages,
            "width": self.width,
            "height": self.height,
        }


def check_upload(uploaded: UploadedFile, *, rewrite_pdf_later: bool = False) -> CheckedFile:
    """Return what to store for `uploaded`, or raise UploadRejected saying why not.

    With `rewrite_pdf_later`, a PDF gets every check (whatever refuses it, refuses it now) but
    not its rewrite: the result holds the upload itself, `rewrite_pending`, for the caller to
    store where nothing serves it and to rewrite later with `rewrite_pdf`."""
    name = safe_name(uploaded.name or "")
    shown = name or str(_("unnamed file"))
    _check_size(shown, uploaded.size)
    uploaded.seek(0)
    head = uploaded.read(SNIFF_BYTES)
    kind = _kind_from_content(shown, head)
    _check_extension(shown, name, kind)
    size, digest = _fingerprint(shown, uploaded)
    if kind == "pdf" and rewrite_pdf_later:
        pages = _check_pdf(shown, uploaded, size, head)
        return _checked(kind, name, uploaded, size, digest, pages=pages, rewrite_pending=True)
    if kind == "pdf":
        # Checked where Django spooled it and rewritten to a temporary file: never held in memory.
        clean, pages = _clean_pdf(shown, uploaded, size, head)
        return _checked(kind, name, clean, clean.size or 0, digest, pages=pages)
    image = _clean_image(shown, _read(shown, uploaded), kind)
    data = _encode(image, kind)
    return _checked(
        kind,
        name,
        ContentFile(data),
        len(data),
        digest,
        width=image.width,
        height=image.height,
        thumbnail=_thumbnail(image),
    )


def safe_name(raw: str) -> str:
    """The user's file name fit for display: no directories, no control or direction characters,
    at most NAME_MAX_CHARS characters with the extension kept."""
    base = raw.replace("\\", "/").rsplit("/", 1)[-1]
    kept = "".join(
        char
        for char in unicodedata.normalize("NFC", base)
        if unicodedata.category(char) not in {"Cc", "Cf", "Cs", "Zl", "Zp"}
    ).strip()
    if kept in {".", ".."}:
        return ""
    stem, dot, extension = kept.rpartition(".")
    if not dot or len(extension) + 1 >= NAME_MAX_CHARS:
        return kept[:NAME_MAX_CHARS]
    return stem[: NAME_MAX_CHARS - len(extension) - 1] + "." + extension


def _checked(
    kind: str,
    name: str,
    content: File,
    size: int,
    sha256: str,
    *,
    pages: int | None = None,
    width: int | None = None,
    height: int | None = None,
    thumbnail: bytes | None = None,
    rewrite_pending: bool = False,
) -> CheckedFile:
    return CheckedFile(
        kind=kind,
        extension=EXTENSION[kind],
        content_type=CONTENT_TYPE[kind],
        content=content,
        size=size,
        sha256=sha256,
        original_name=name,
        pages=pages,
        width=width,
        height=height,
        thumbnail=thumbnail,
        rewrite_pending=rewrite_pending,
    )


def _max_file_bytes() -> int:
    return int(getattr(settings, "UPLOAD_MAX_FILE_BYTES", 10 * 1024 * 1024))


def _check_size(name: str, size: int | None) -> None:
    limit = _max_file_bytes()
    if size is not None and size > limit:
        raise _too_large(name, size, limit)


def _too_large(name: str, size: int, limit: int) -> UploadRejected:
    return UploadRejected(
        _("“%(name)s” is too large (%(size)s); files may be at most %(limit)s.")
        % {"name": name, "size": filesizeformat(size), "limit": filesizeformat(limit)},
        code="too_large",
    )


def _read(name: str, uploaded: UploadedFile) -> bytes:
    limit = _max_file_bytes()
    uploaded.seek(0)
    # Read one byte past the limit so that a wrong `size` cannot smuggle a larger file in.
    data = uploaded.read(limit + 1)
    if len(data) > limit:
        raise _too_large(name, len(data), limit)
    if not data:
        raise UploadRejected(_("“%(name)s” is empty.") % {"name": name}, code="empty")
    return data


def _fingerprint(name: str, uploaded: UploadedFile) -> tuple[int, str]:
    """Size and SHA-256 of the upload. Our upload handlers counted and hashed the bytes as they
    arrived; any other file (made in code) is read once in chunks."""
    sha256 = getattr(uploaded, "sha256", None)
    if sha256 is not None and uploaded.size is not None:
        limit = _max_file_bytes()
        if uploaded.size > limit:
            raise _too_large(name, uploaded.size, limit)
        return uploaded.size, sha256
    limit, size, digest = _max_file_bytes(), 0, hashlib.sha256()
    uploaded.seek(0)
    for chunk in uploaded.chunks():
        size += len(chunk)
        if size > limit:
            raise _too_large(name, size, limit)
        digest.update(chunk)
    return size, digest.hexdigest()


def _kind_from_content(name: str, head: bytes) -> str:
    if not head:
        raise UploadRejected(_("“%(name)s” is empty.") % {"name": name}, code="empty")
    mime = magic.from_buffer(head[:SNIFF_BYTES], mime=True)
    if mime not in KIND_BY_MIME:
        raise UploadRejected(
            _("“%(name)s” is not a PDF, JPEG or PNG file (its content is %(mime)s).")
            % {"name": name, "mime": mime},
            code="unsupported_content",
        )
    return KIND_BY_MIME[mime]


def _check_extension(shown: str, name: str, kind: str) -> None:
    stem, dot, extension = name.rpartition(".")
    if not dot or not stem:
        raise UploadRejected(
            _(
                "“%(name)s”: the name has no extension; "
                "proof must be a .pdf, .jpg, .jpeg or .png file."
            )
            % {"name": shown},
            code="no_extension",
        )
    named = KIND_BY_EXTENSION.get("." + extension.lower())
    if named is None:
        raise UploadRejected(
            _(
                "“%(name)s”: the name's extension (%(extension)s) is not accepted; "
                "proof must be a .pdf, .jpg, .jpeg or .png file."
            )
            % {"name": shown, "extension": "." + extension},
            code="unsupported_extension",
        )
    if named != kind:
        raise UploadRejected(
            _("“%(name)s”: the name says %(named)s but the content is %(actual)s.")
            % {"name": shown, "named": FORMAT_NAME[named], "actual": CONTENT_DESCRIPTION[kind]},
            code="extension_mismatch",
        )


# Images


def _max_pixels() -> int:
    return int(getattr(settings, "UPLOAD_MAX_IMAGE_PIXELS", 40_000_000))


def _too_many_pixels(name: str) -> UploadRejected:
    return UploadRejected(
        _("“%(name)s” has too many pixels; images may have at most %(limit)s pixels.")
        % {"name": name, "limit": f"{_max_pixels():,}"},
        code="too_many_pixels",
    )


def _damaged_image(name: str, kind: str) -> UploadRejected:
    return UploadRejected(
        _("“%(name)s” cannot be read as a %(format)s image; it may be damaged.")
        % {"name": name, "format": FORMAT_NAME[kind]},
        code="damaged",
    )


def _clean_image(name: str, data: bytes, kind: str) -> Image.Image:
    """Decode the image upright, in a mode its format can store, with no metadata left."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            opened = Image.open(io.BytesIO(data), formats=[PIL_FORMAT[kind]])
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _too_many_pixels(name) from None
        except Exception:
            raise _damaged_image(name, kind) from None
        with opened:
            width, height = opened.size
            if width * height > _max_pixels():
                raise _too_many_pixels(name)
            try:
                opened.load()
                # In place: a 12-megapixel photo is 46 MiB decoded; a second copy would double it.
                ImageOps.exif_transpose(opened, in_place=True)
                image = _storable(opened, kind)
            except (Image.DecompressionBombError, Image.DecompressionBombWarning):
                raise _too_many_pixels(name) from None
            except Exception:
                raise _damaged_image(name, kind) from None
    image.info.clear()
    return image


def _storable(image: Image.Image, kind: str) -> Image.Image:
    if image.mode.startswith("I;16") or image.mode in {"I", "F"}:
        return image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    if kind == "jpeg":
        return image if image.mode in {"L", "RGB"} else image.convert("RGB")
    if image.mode in {"1", "L", "LA", "RGB", "RGBA"} and "transparency" not in image.info:
        return image
    has_alpha = "A" in image.mode or "transparency" in image.info
    return image.convert("RGBA" if has_alpha else "RGB")


def _encode(image: Image.Image, kind: str) -> bytes:
    out = io.BytesIO()
    if kind == "jpeg":
        # No `optimize`: libjpeg would hold the whole image's coefficients (+23 MiB at 12 MP).
        image.save(out, "JPEG", quality=90)
    else:
        image.save(out, "PNG", optimize=True)
    return out.getvalue()


def _thumbnail(image: Image.Image) -> bytes:
    source = image if image.mode in {"L", "RGB", "LA", "RGBA"} else image.convert("RGB")
    small = ImageOps.contain(source, (THUMBNAIL_MAX_SIDE, THUMBNAIL_MAX_SIDE))
    if small.mode in {"LA", "RGBA"}:
        # Transparent areas would turn black in a JPEG; put them on white paper instead.
        paper = Image.new("RGB", small.size, "white")
        paper.paste(small, mask=small.getchannel("A"))
        small = paper
    out = io.BytesIO()
    small.save(out, "JPEG", quality=80)
    return out.getvalue()


# PDFs


def rewrite_pdf(name: str, path: str) -> tuple[RewrittenPdf, int]:
    """The rewrite of a PDF accepted earlier and kept as sent at `path` (a local file), and its
    page count; `name` names it in a refusal. Checked again on the way, as the upload was: the
    same code decides, so a file refused now is one qpdf could not rewrite."""
    with open(path, "rb") as raw:
        original = _OnDisk(raw, path)
        size = os.fstat(raw.fileno()).st_size
        head = raw.read(SNIFF_BYTES)
        return _clean_pdf(name, original, size, head)


class _OnDisk(File):
    """A local file that qpdf reads by its path, as it reads an upload spooled to disk."""

    def __init__(self, file: BinaryIO, path: str) -> None:
        super().__init__(file, name=os.path.basename(path))
        self.path = path

    def temporary_file_path(self) -> str:
        return self.path


def _check_pdf(name: str, uploaded: File, size: int, head: bytes) -> int:
    """Every check of `_clean_pdf`, without the rewrite: the page count, or UploadRejected."""
    with _opened_pdf(name, uploaded, size, head) as (_source, _reachable, pages):
        return pages


def _clean_pdf(name: str, uploaded: File, size: int, head: bytes) -> tuple[RewrittenPdf, int]:
    """Refuse a PDF that tries to do more than show pages; return a rewrite of it holding only its
    pages and what they use, with no links out, and its page count. The rewrite is written to a
    temporary file beside Django's spooled uploads, never held in memory."""
    output: RewrittenPdf | None = None
    try:
        with _opened_pdf(name, uploaded, size, head) as (source, reachable, pages):
            # Rewritten in place rather than copied page by page into a new document: qpdf then
            # streams every image from the upload to the output instead of buffering it.
            _keep_only_pages(source)
            for item in reachable:
                _scrub_object(item)
            output = RewrittenPdf.create()
            # Streams are copied as they are, never decoded: a compression bomb stays inert.
            # Into the file just created, by its handle: given a path that exists, pikepdf would
            # write a second temporary file and rename it over the first.
            source.save(
                output.output,
                object_stream_mode=pikepdf.ObjectStreamMode.disable,
                compress_streams=False,
                stream_decode_level=pikepdf.StreamDecodeLevel.none,
                fix_metadata_version=False,
                preserve_pdfa=False,
            )
            output.written()
        return output, pages
    except BaseException:
        if output is not None:
            output.close()
        raise


@contextlib.contextmanager
def _opened_pdf(
    name: str, uploaded: File, size: int, head: bytes
) -> Iterator[tuple[pikepdf.Pdf, list[Any], int]]:
    """The PDF opened by qpdf once every check passed: the document, the dictionaries and
    streams reachable in it, its page count. Any error of qpdf's, in the checks or in the
    caller's block, is one refusal to the user: the file may be damaged."""
    if not head.startswith(b"%PDF-"):
        raise UploadRejected(
            _("“%(name)s” does not begin as a PDF does; something comes before the document.")
            % {"name": name},
            code="pdf_not_at_start",
        )
    _check_pdf_ends_at_eof(name, uploaded, size)
    uploaded.seek(0)
    try:
        source = pikepdf.open(_pdf_input(uploaded), access_mode=pikepdf.AccessMode.stream)
    except pikepdf.PasswordError:
        raise _encrypted_pdf(name) from None
    except Exception:
        raise _damaged_pdf(name) from None
    try:
        with source:
            if source.is_encrypted:
                raise _encrypted_pdf(name)
            _check_no_hidden_tail(name, uploaded, size, source)
            _check_open_action(name, source)
            reachable = _check_objects(name, source)
            pages = _check_page_count(name, len(source.pages))
            yield source, reachable, pages
    except UploadRejected:
        raise
    except Exception:
        # qpdf raises many kinds of error on malformed files; to the user they are all one.
        raise _damaged_pdf(name) from None


class RewrittenPdf(File):
    """The rewrite, in a temporary file beside Django's spooled uploads. Like an upload spooled
    to disk it has `temporary_file_path()`, so local storage moves it into place instead of
    copying it; closing it removes the file if it is still there."""

    def __init__(self, path: str, output: BinaryIO) -> None:
        super().__init__(output, name=os.path.basename(path))
        self.path = path
        self.output = output

    @classmethod
    def create(cls) -> RewrittenPdf:
        """An empty file of a new name, open for writing (and reading back)."""
        descriptor, path = tempfile.mkstemp(
            suffix=".upload.pdf", dir=settings.FILE_UPLOAD_TEMP_DIR or None
        )
        return cls(path, open(descriptor, "w+b"))  # closed by close()

    def temporary_file_path(self) -> str:
        return self.path

    def written(self) -> None:
        """The rewrite is complete: flushed, and read from its start from now on."""
        self.output.flush()
        self.output.seek(0)
        self.size = os.fstat(self.output.fileno()).st_size

    def close(self) -> None:
        if self.file is not None:
            self.file.close()
        with contextlib.suppress(FileNotFoundError):
            os.remove(self.path)


def _keep_only_pages(source: pikepdf.Pdf) -> None:
    """The catalog keeps its pages and nothing else (no outlines, names, forms, open action,
    metadata) and the trailer only the catalog: qpdf writes what is reachable from the trailer,
    so every object the pages do not use is left behind."""
    root = source.Root
    for key in list(root.keys()):
        if key not in ("/Type", "/Pages"):
            del root[key]
    for key in list(source.trailer.keys()):
        if key != "/Root":
            del source.trailer[key]


def _pdf_input(uploaded: File) -> Any:
    """Where qpdf reads the upload: the file Django spooled to disk, or the small in-memory one."""
    path = getattr(uploaded, "temporary_file_path", None)
    return path() if path is not None else uploaded.file


def _damaged_pdf(name: str) -> UploadRejected:
    return UploadRejected(
        _("“%(name)s” cannot be read as a PDF; it may be damaged.") % {"name": name},
        code="damaged",
    )


def _encrypted_pdf(name: str) -> UploadRejected:
    return UploadRejected(
        _("“%(name)s” is encrypted or password-protected; upload a PDF without a password.")
        % {"name": name},
        code="pdf_encrypted",
    )


def _active_pdf(name: str) -> UploadRejected:
    return UploadRejected(
        _(
            "“%(name)s” contains scripts or actions, which proof may not have. "
            "Print it to a new PDF and upload that."
        )
        % {"name": name},
        code="pdf_active_content",
    )


def _hidden_data(name: str) -> UploadRejected:
    return UploadRejected(
        _("“%(name)s” has data hidden after the end of the PDF.") % {"name": name},
        code="pdf_trailing_data",
    )


def _check_pdf_ends_at_eof(name: str, uploaded: File, size: int) -> None:
    uploaded.seek(max(0, size - PDF_TAIL_BYTES))
    tail = uploaded.read(PDF_TAIL_BYTES)
    end = tail.rfind(b"%%EOF")
    if end < 0:
        raise _damaged_pdf(name)
    if tail[end + len(b"%%EOF") :].strip(PDF_WHITESPACE):
        raise _hidden_data(name)


def _check_no_hidden_tail(name: str, uploaded: File, size: int, source: pikepdf.Pdf) -> None:
    """After the last object the document uses, only its cross-reference section and one %%EOF
    may follow. A second %%EOF there means data was appended after a complete PDF and a fresh
    `startxref … %%EOF` put behind it so that the file still seems to end as a PDF should."""
    offsets = [e.offset or 0 for e in source.get_xref_table().values() if e.type == 1]
    if not offsets:
        raise _damaged_pdf(name)
    uploaded.seek(max(offsets))
    markers, carried = 0, b""
    while chunk := uploaded.read(PDF_SCAN_BYTES):
        window = carried + chunk
        markers += window.count(b"%%EOF") - carried.count(b"%%EOF")
        carried = window[-4:]
    if markers > 1:
        raise _hidden_data(name)


def _check_open_action(name: str, source: pikepdf.Pdf) -> None:
    """Opening at a page (a destination array or /GoTo) is harmless; any other action is not."""
    action = source.Root.get("/OpenAction")
    if isinstance(action, pikepdf.Dictionary) and action.get("/S") != pikepdf.Name.GoTo:
        raise _active_pdf(name)


def _check_objects(name: str, source: pikepdf.Pdf) -> list[Any]:
    """Walk every object reachable from the trailer and refuse scripts, actions and attachments:
    the sender meant them, so say so instead of quietly dropping them. Return the dictionaries
    and streams met, to be scrubbed."""
    seen: set[tuple[int, int]] = set()
    met: list[Any] = []
    pending: list[Any] = [source.trailer]
    while pending:
        item = pending.pop()
        if not isinstance(item, pikepdf.Object):
            continue  # numbers, booleans: qpdf hands them over as Python values
        if item.is_indirect:
            if item.objgen in seen:
                continue
            seen.add(item.objgen)
            if len(seen) > PDF_MAX_OBJECTS:
                raise _damaged_pdf(name)
        if isinstance(item, pikepdf.Dictionary | pikepdf.Stream):
            _check_dictionary(name, item)
            met.append(item)
            pending.extend(item.values())
        elif isinstance(item, pikepdf.Array):
            pending.extend(item)
    return met


def _check_dictionary(name: str, dictionary: Any) -> None:
    if "/EmbeddedFiles" in dictionary or dictionary.get("/Subtype") in REFUSED_PDF_ANNOTATIONS:
        raise UploadRejected(
            _("“%(name)s” has files attached inside it, which proof may not have.")
            % {"name": name},
            code="pdf_attachment",
        )
    if any(key in dictionary for key in REFUSED_PDF_KEYS) or (
        dictionary.get("/S") in REFUSED_PDF_ACTIONS
    ):
        raise _active_pdf(name)


def _check_page_count(name: str, pages: int) -> int:
    if pages == 0:
        raise _damaged_pdf(name)
    limit = int(getattr(settings, "UPLOAD_MAX_PDF_PAGES", 200))
    if pages > limit:
        raise UploadRejected(
            _("“%(name)s” has %(pages)s pages; a PDF may have at most %(limit)s.")
            % {"name": name, "pages": pages, "limit": limit},
            code="too_many_pages",
        )
    return pages


def _scrub_object(item: Any) -> None:
    """Drop what could reach out or play: every action but going to a page, additional actions,
    links to websites and other files, multimedia annotations."""
    if isinstance(item, pikepdf.Array):
        for value in item:
            if isinstance(value, pikepdf.Object) and not value.is_indirect:
                _scrub_object(value)
        return
    if not isinstance(item, pikepdf.Dictionary | pikepdf.Stream):
        return
    for key in STRIPPED_PDF_KEYS:
        if key in item:
            del item[key]
    action = item.get("/A")
    if action is not None and action.get("/S") != pikepdf.Name.GoTo:
        del item["/A"]
    annotations = item.get("/Annots")
    if isinstance(annotations, pikepdf.Array):
        kept = [a for a in annotations if a.get("/Subtype") not in STRIPPED_PDF_ANNOTATIONS]
        if len(kept) != len(annotations):
            item["/Annots"] = pikepdf.Array(kept)
    for value in item.values():
        if isinstance(value, pikepdf.Object) and not value.is_indirect:
            _scrub_object(value)
