from __future__ import annotations

import json

import pytest
from cryptography.exceptions import InvalidTag

from guanxi.core import crypto
from guanxi.settings import reset_settings


@pytest.fixture
def keys_in(tmp_path, monkeypatch):
    monkeypatch.setenv("GUANXI_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("GUANXI_DATA_KEY", raising=False)
    reset_settings()
    crypto.reset()
    yield tmp_path
    crypto.reset()
    reset_settings()


def test_round_trip_and_no_plaintext(keys_in):
    token = crypto.encrypt("138 0013 5678", "contact_point.value")
    assert token.startswith("gx1:k1:") and "138" not in token
    assert crypto.encrypt("138 0013 5678", "contact_point.value") != token  # fresh nonce each time
    assert crypto.decrypt(token, "contact_point.value") == "138 0013 5678"
    assert (keys_in / "data_keys.json").stat().st_mode & 0o777 == 0o600


def test_a_value_cannot_be_moved_to_another_column(keys_in):
    token = crypto.encrypt("secret", "customer.address")
    with pytest.raises(InvalidTag):
        crypto.decrypt(token, "customer.wechat_id")


def test_lookup_hash_is_stable_and_keyed(keys_in):
    a = crypto.lookup_hash("PHONE", "+8613800135678")
    assert a == crypto.lookup_hash("PHONE", "+8613800135678")
    assert a != crypto.lookup_hash("EMAIL", "+8613800135678")
    ring = json.loads((keys_in / "data_keys.json").read_text())
    ring["lookup"] = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
    (keys_in / "data_keys.json").write_text(json.dumps(ring))
    crypto.reset()
    assert crypto.lookup_hash("PHONE", "+8613800135678") != a


def test_rotation_keeps_old_values_readable_and_the_lookup_key(keys_in):
    old = crypto.encrypt("old value", "x")
    lookup = crypto.lookup_hash("EMAIL", "a@example.com")
    crypto.rotate()
    new = crypto.encrypt("new value", "x")
    assert crypto.key_id(new) == "k2" and not crypto.is_current(old)
    assert crypto.decrypt(old, "x") == "old value" and crypto.decrypt(new, "x") == "new value"
    assert crypto.lookup_hash("EMAIL", "a@example.com") == lookup


def test_another_process_rotating_is_picked_up(keys_in):
    crypto.encrypt("x", "x")
    ring = crypto.keyring()
    crypto.rotate()
    value = crypto.encrypt("after", "x")
    crypto._cached = ring  # this process still holds the old keyring
    assert crypto.decrypt(value, "x") == "after"


def test_keys_from_the_environment(keys_in, monkeypatch):
    import base64
    import os

    monkeypatch.setenv("GUANXI_DATA_KEY", base64.b64encode(os.urandom(32)).decode())
    reset_settings()
    crypto.reset()
    token = crypto.encrypt("v", "x")
    assert crypto.key_id(token) == "env" and crypto.decrypt(token, "x") == "v"
    assert not (keys_in / "data_keys.json").exists()
    with pytest.raises(RuntimeError):
        crypto.rotate()
