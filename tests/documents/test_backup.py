"""`manage.py backup` and `restore` (make backup / make restore): the round trip, and refusals.

The round trip runs on the database the suite runs on: SQLite in the normal run, PostgreSQL
(pg_dump/pg_restore) when DATABASE_URL is set.
"""

import io
import json
import tarfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from factories import OrganizationFactory, PersonFactory

from core.backup import MANIFEST, BackupError, verify_archive
from members.models import Organization, Person

pytestmark = pytest.mark.django_db(transaction=True)

EVIDENCE = b"%PDF-1.4\n% Bien ban kiem tra\n%%EOF\n"


@pytest.fixture
def data():
    org = OrganizationFactory(name="Hợp tác xã Sao Lưu Đắk Wil", tax_code="6400888801", members_count=37)
    PersonFactory(organization=org, full_name="H'Hen Niê")
    default_storage.save("evidence/2021/bien-ban.pdf", ContentFile(EVIDENCE))
    default_storage.save("imports/danh-sach.csv", ContentFile("Tên,Mã số thuế\n".encode()))
    return org


def _backup(tmp_path):
    out = io.StringIO()
    call_command("backup", str(tmp_path / "backups"), stdout=out)
    (archive,) = (tmp_path / "backups").glob("thidua-backup-*.tar.gz")
    sha = next(
        line.split()[-1] for line in out.getvalue().splitlines() if "SHA-256" in line and len(line.split()[-1]) == 64
    )
    return archive, sha


def _wipe():
    call_command("flush", "--noinput", verbosity=0)
    for path in sorted(Path(settings.MEDIA_ROOT).rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()


def _media():
    root = Path(settings.MEDIA_ROOT)
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_backup_wipe_restore_gives_back_the_same_data_and_files(data, tmp_path):
    rows_before = list(Organization.objects.order_by("pk").values())
    people_before = list(Person.objects.order_by("pk").values_list("full_name", "organization__name"))
    media_before = _media()
    archive, sha = _backup(tmp_path)
    _wipe()
    assert (Organization.objects.count(), _media()) == (0, {})

    call_command("restore", str(archive), "--sha256", sha, "--noinput", stdout=io.StringIO())

    assert list(Organization.objects.order_by("pk").values()) == rows_before
    assert list(Person.objects.order_by("pk").values_list("full_name", "organization__name")) == people_before
    assert _media() == media_before
    assert media_before["evidence/2021/bien-ban.pdf"] == EVIDENCE


def test_the_archive_lists_every_file_with_its_sha256(data, tmp_path):
    archive, _sha = _backup(tmp_path)

    manifest = verify_archive(archive)

    assert manifest["engine"] == ("sqlite" if connection.vendor == "sqlite" else "postgresql")
    assert {"evidence/2021/bien-ban.pdf", "imports/danh-sach.csv"} <= {
        name.removeprefix("media/") for name in manifest["files"]
    }
    assert all(len(entry["sha256"]) == 64 for entry in manifest["files"].values())


def test_the_site_keeps_working_after_a_restore(data, tmp_path, client_for, office_user):
    archive, _sha = _backup(tmp_path)
    call_command("restore", str(archive), "--noinput", stdout=io.StringIO())

    response = client_for(office_user).get("/members/organizations/")

    assert response.status_code in (200, 302)


# --- a tampered or damaged archive is refused, and nothing changes ------------------------------


def _rewrite(archive, change):
    """Rebuild the archive with `change(members)` applied to {name: bytes}."""
    with tarfile.open(archive, "r:gz") as source:
        members = {m.name: source.extractfile(m).read() for m in source.getmembers()}
    change(members)
    with tarfile.open(archive, "w:gz") as target:
        for name, content in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            target.addfile(info, io.BytesIO(content))


def _forge_evidence(members):
    members["media/evidence/2021/bien-ban.pdf"] = b"%PDF-1.4\n% Bien ban DA SUA\n%%EOF\n"


def _forge_evidence_and_manifest(members):
    import hashlib

    _forge_evidence(members)
    manifest = json.loads(members[MANIFEST])
    content = members["media/evidence/2021/bien-ban.pdf"]
    manifest["files"]["media/evidence/2021/bien-ban.pdf"] = {
        "sha256": hashlib.sha256(content).hexdigest(),
        "size": len(content),
    }
    members[MANIFEST] = json.dumps(manifest).encode()


TAMPERING = {
    "a_changed_file": _forge_evidence,
    "a_changed_database": lambda m: m.update(
        {
            next(n for n in m if n.startswith("database/")): next(v for n, v in m.items() if n.startswith("database/"))[
                :-7
            ]
        }
    ),
    "an_extra_file": lambda m: m.update({"media/evidence/them-vao.pdf": b"%PDF-1.4\n"}),
    "a_missing_file": lambda m: m.pop("imports/danh-sach.csv", None) or m.pop("media/imports/danh-sach.csv"),
    "a_path_outside": lambda m: m.update({"media/../../thoat-ra.txt": b"x"}),
    "an_absolute_path": lambda m: m.update({"/tmp/tuyet-doi.txt": b"x"}),
    "no_manifest": lambda m: m.pop(MANIFEST),
    "a_foreign_manifest": lambda m: m.update({MANIFEST: b'{"format": "khac", "version": 1, "files": {}}'}),
}


@pytest.mark.parametrize("tamper", TAMPERING.values(), ids=TAMPERING.keys())
def test_restore_refuses_a_tampered_archive_and_changes_nothing(data, tmp_path, tamper):
    archive, _sha = _backup(tmp_path)
    _rewrite(archive, tamper)
    OrganizationFactory(name="Hợp tác xã Lập Sau Sao Lưu", tax_code="6400888802")
    media_before = _media()

    with pytest.raises(CommandError, match="Nothing was restored"):
        call_command("restore", str(archive), "--noinput", stdout=io.StringIO())

    assert Organization.objects.filter(name="Hợp tác xã Lập Sau Sao Lưu").exists()
    assert _media() == media_before
    assert not (tmp_path / "thoat-ra.txt").exists()


def test_a_forged_manifest_is_caught_by_the_archives_own_sha256(data, tmp_path):
    archive, sha = _backup(tmp_path)
    _rewrite(archive, _forge_evidence_and_manifest)
    verify_archive(archive)  # consistent with itself: only the digest kept apart can tell

    with pytest.raises(CommandError, match="SHA-256"):
        call_command("restore", str(archive), "--sha256", sha, "--noinput", stdout=io.StringIO())


@pytest.mark.parametrize("content", [b"", b"not a gzip", b"\x1f\x8b\x08\x00truncated"], ids=["empty", "junk", "cut"])
def test_restore_refuses_a_damaged_archive(db, tmp_path, content):
    archive = tmp_path / "hong.tar.gz"
    archive.write_bytes(content)

    with pytest.raises(BackupError):
        verify_archive(archive)


def test_check_only_verifies_and_restores_nothing(data, tmp_path):
    archive, _sha = _backup(tmp_path)
    Organization.objects.filter(pk=data.pk).update(members_count=99)
    out = io.StringIO()

    call_command("restore", str(archive), "--check", stdout=out)

    assert ("Archive intact" in out.getvalue(), Organization.objects.get(pk=data.pk).members_count) == (True, 99)


def test_restore_asks_before_replacing_and_a_no_changes_nothing(data, tmp_path, monkeypatch):
    archive, _sha = _backup(tmp_path)
    Organization.objects.filter(pk=data.pk).update(members_count=99)
    monkeypatch.setattr("builtins.input", lambda prompt: "no")

    with pytest.raises(CommandError, match="cancelled"):
        call_command("restore", str(archive), stdout=io.StringIO())

    assert Organization.objects.get(pk=data.pk).members_count == 99


def _listed(name, content=b"x"):
    """Add a member AND list it in the manifest with its true digest: only the name is wrong."""
    import hashlib

    def change(members):
        members[name] = content
        manifest = json.loads(members[MANIFEST])
        manifest["files"][name] = {"sha256": hashlib.sha256(content).hexdigest(), "size": len(content)}
        members[MANIFEST] = json.dumps(manifest).encode()

    return change


CHECKED_BY_VERIFY = {
    "a_changed_file": (_forge_evidence, "changed after the backup"),
    "a_listed_path_outside": (_listed("media/../../thoat-ra.txt"), "not a plain file inside"),
    "a_listed_absolute_path": (_listed("/tmp/tuyet-doi.txt"), "not a plain file inside"),
    "a_listed_name_outside_the_layout": (_listed("khac/tep.txt"), "not a plain file inside"),
    "an_unlisted_file": (lambda m: m.update({"media/them.txt": b"x"}), "does not match its manifest"),
}


@pytest.mark.parametrize(("tamper", "reason"), CHECKED_BY_VERIFY.values(), ids=CHECKED_BY_VERIFY.keys())
def test_verify_alone_names_what_is_wrong(data, tmp_path, tamper, reason):
    """Each check of verify_archive on its own (restore has a second line behind some of them)."""
    archive, _sha = _backup(tmp_path)
    _rewrite(archive, tamper)

    with pytest.raises(BackupError, match=reason):
        verify_archive(archive)
