from __future__ import annotations

import io
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pikepdf
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
from pytest_django import Settings
from storages.backends.s3 import S3Storage

from declarations.models import QUARANTINE, Evidence
from declarations.tasks import prepare_evidence
from portal.models import User
from tests.declarations.helpers import declare, upload
from tests.factories import logged_in, pdf_bytes

BUCKET = "proof-files"
PUBLIC_GROUPS = {
    "http://acs.amazonaws.com/groups/global/AllUsers",
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_listening(port: int, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and server.poll() is None:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"moto_server did not start on port {port}")


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    """A real S3-compatible server (moto) on loopback, with fake credentials only."""
    with pytest.MonkeyPatch.context() as env:
        env.setenv("AWS_ACCESS_KEY_ID", "testing")
        env.setenv("AWS_SECRET_ACCESS_KEY", "testing")
        env.setenv("AWS_DEFAULT_REGION", "us-east-1")
        env.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
        env.setenv("AWS_CONFIG_FILE", "/nonexistent")
        env.delenv("AWS_SESSION_TOKEN", raising=False)
        env.delenv("AWS_PROFILE", raising=False)
        port = free_port()
        moto_server = Path(sys.executable).with_name("moto_server")
        server = subprocess.Popen(
            [moto_server, "-H", "127.0.0.1", "-p", str(port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_until_listening(port, server)
            yield f"http://127.0.0.1:{port}"
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


@pytest.fixture
def bucket(s3_endpoint: str) -> Any:
    """The bucket as boto3 sees it, to check what really reached S3."""
    s3 = boto3.resource(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    return s3.create_bucket(Bucket=BUCKET)


@pytest.fixture
def s3_storage(s3_endpoint: str, bucket: Any, settings: Settings) -> Storage:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": s3_endpoint,
                "region_name": "us-east-1",
                "default_acl": "private",
                "querystring_auth": True,
                "file_overwrite": False,
                "access_key": "testing",
                "secret_key": "testing",
            },
        },
    }
    # Changing STORAGES resets Django's storage handler, so default_storage is built anew.
    return default_storage


def test_default_storage_is_s3_when_configured(s3_storage: Storage) -> None:
    assert isinstance(s3_storage, S3Storage)


def test_saving_puts_the_file_in_the_bucket(s3_storage: Storage, bucket: Any) -> None:
    name = s3_storage.save("declarations/proof.pdf", ContentFile(b"%PDF-1.7 proof"))

    assert bucket.Object(name).get()["Body"].read() == b"%PDF-1.7 proof"


def test_opening_reads_the_object_from_the_bucket(s3_storage: Storage, bucket: Any) -> None:
    bucket.put_object(Key="declarations/uploaded.pdf", Body=b"%PDF-1.7 uploaded", ACL="private")

    with s3_storage.open("declarations/uploaded.pdf") as stored:
        assert stored.read() == b"%PDF-1.7 uploaded"


def test_deleting_removes_the_object_from_the_bucket(s3_storage: Storage, bucket: Any) -> None:
    name = s3_storage.save("declarations/gone.pdf", ContentFile(b"%PDF-1.7 gone"))

    s3_storage.delete(name)

    assert [item.key for item in bucket.objects.filter(Prefix=name)] == []


def test_saving_under_a_taken_name_keeps_both_files(s3_storage: Storage, bucket: Any) -> None:
    first = s3_storage.save("declarations/same.pdf", ContentFile(b"first"))
    second = s3_storage.save("declarations/same.pdf", ContentFile(b"second"))

    assert [bucket.Object(key).get()["Body"].read() for key in (first, second)] == [
        b"first",
        b"second",
    ]


def test_a_stored_object_grants_nothing_to_the_public(s3_storage: Storage, bucket: Any) -> None:
    name = s3_storage.save("declarations/private.pdf", ContentFile(b"%PDF-1.7 private"))

    grantees = {grant["Grantee"].get("URI") for grant in bucket.Object(name).Acl().grants}
    assert grantees & PUBLIC_GROUPS == set()


def test_an_anonymous_request_for_the_plain_url_is_refused(
    s3_endpoint: str, s3_storage: Storage
) -> None:
    name = s3_storage.save("declarations/secret.pdf", ContentFile(b"%PDF-1.7 secret"))

    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{s3_endpoint}/{BUCKET}/{name}", timeout=10)  # noqa: S310

    assert refused.value.code == 403


def test_the_signed_url_lets_its_holder_read_the_object(s3_storage: Storage) -> None:
    name = s3_storage.save("declarations/signed.pdf", ContentFile(b"%PDF-1.7 signed"))

    with urllib.request.urlopen(s3_storage.url(name), timeout=10) as response:  # noqa: S310
        assert response.read() == b"%PDF-1.7 signed"


def test_an_uploaded_pdf_is_kept_in_quarantine_then_rewritten_within_the_bucket(
    s3_storage: Storage, bucket: Any, teacher: User, settings: Settings
) -> None:
    """The task reads the quarantined upload from the bucket (through a local copy: qpdf reads
    at random), stores the rewrite there and deletes the upload."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    client = logged_in(teacher)
    declaration = declare(client, "endorsed_report", {})
    upload(client, declaration, "leader_instruction", "批示.pdf", pdf_bytes(2))
    evidence = Evidence.objects.get()
    quarantined = str(evidence.original.name)
    assert [o.key for o in bucket.objects.filter(Prefix=QUARANTINE)] == [quarantined]

    prepare_evidence.call(evidence.pk)

    evidence.refresh_from_db()
    rewrite = bucket.Object(str(evidence.file.name)).get()["Body"].read()
    assert [o.key for o in bucket.objects.filter(Prefix=QUARANTINE)] == []
    assert (evidence.is_ready, rewrite[:5], len(pikepdf.open(io.BytesIO(rewrite)).pages)) == (
        True,
        b"%PDF-",
        2,
    )
