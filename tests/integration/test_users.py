"""Users who log in: strong hashes, roles, disabling, lock after repeated failures, the CLI."""

from datetime import UTC, datetime, timedelta

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.storage.db import make_engine, make_sessions
from assistant.storage.users import MAX_FAILED_LOGINS, UserError, UserStore, hash_password, verify_password

PASSWORD = "correct horse battery"


class FakeClock:
    moment = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)

    @classmethod
    def now(cls, tz=None):
        return cls.moment


@pytest.fixture
def store(db_url):
    return UserStore(make_sessions(make_engine(db_url)), clock=FakeClock)


def test_hashes_are_salted_scrypt_and_never_the_password():
    first, second = hash_password(PASSWORD), hash_password(PASSWORD)
    assert first != second and first.startswith("scrypt$") and PASSWORD not in first
    assert verify_password(PASSWORD, first) and not verify_password("wrong password!", first)
    assert not verify_password(PASSWORD, "md5$abc")


def test_add_authenticate_disable_and_reset(store):
    account = store.add("Alice@Acme.fr", "Acme", "manager", PASSWORD)
    assert account.login == "alice@acme.fr"
    assert store.authenticate("alice@acme.fr", PASSWORD).role == "manager"
    assert store.authenticate("alice@acme.fr", "not the password") is None
    assert store.authenticate("nobody", PASSWORD) is None
    with pytest.raises(UserError, match="already exists"):
        store.add("alice@acme.fr", "Acme", "employee", PASSWORD)
    with pytest.raises(UserError, match="too short"):
        store.add("bob", "Acme", "employee", "short")
    with pytest.raises(UserError, match="unknown role"):
        store.add("bob", "Acme", "root", PASSWORD)
    store.set_disabled("alice@acme.fr")
    assert store.authenticate("alice@acme.fr", PASSWORD) is None
    store.set_disabled("alice@acme.fr", False)
    store.reset_password("alice@acme.fr", "another long passphrase")
    assert store.authenticate("alice@acme.fr", "another long passphrase") is not None
    assert [a.login for a in store.list()] == ["alice@acme.fr"]
    assert store.find(" ALICE@acme.fr").role == "manager" and store.find("nobody") is None


def test_repeated_failures_lock_the_account_for_a_while(store):
    store.add("alice", "Acme", "employee", PASSWORD)
    for _ in range(MAX_FAILED_LOGINS):
        assert store.authenticate("alice", "guess guess guess") is None
    assert store.authenticate("alice", PASSWORD) is None  # locked, even with the right password
    FakeClock.moment += timedelta(minutes=16)
    assert store.authenticate("alice", PASSWORD) is not None


def test_users_cli(tmp_path, monkeypatch):
    monkeypatch.setenv("CAP_DATA_DIR", str(tmp_path / "data"))
    runner = CliRunner()
    added = runner.invoke(app, ["users", "add", "chloe", "--role", "trainer", "--org", "Acme", "--password-stdin"],
                          input=PASSWORD + "\n")  # fmt: skip
    assert added.exit_code == 0, added.output
    listed = runner.invoke(app, ["users", "list"])
    assert "chloe\tAcme\ttrainer\tactive" in listed.output and PASSWORD not in listed.output
    assert runner.invoke(app, ["users", "disable", "chloe"]).exit_code == 0
    assert "disabled" in runner.invoke(app, ["users", "list"]).output
    assert runner.invoke(app, ["users", "disable", "nobody"]).exit_code == 2
    weak = runner.invoke(app, ["users", "reset-password", "chloe", "--password-stdin"], input="short\n")
    assert weak.exit_code == 2 and "too short" in weak.output
