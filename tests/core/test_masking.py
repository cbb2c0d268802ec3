from __future__ import annotations

import pytest

from guanxi.core.masking import mask_email, mask_phone, mask_text


@pytest.mark.parametrize(
    ("raw", "masked"),
    [
        ("138 0013 5678", "138****5678"),
        ("13800135678", "138****5678"),
        ("+86 138-0013-5678", "138****5678"),
        ("+1 (415) 555-0100", "141****0100"),
        ("12345", "****45"),
    ],
)
def test_mask_phone(raw, masked):
    assert mask_phone(raw) == masked


def test_mask_email_and_text():
    assert mask_email("zhang.wei@example.com") == "z***@example.com"
    assert mask_email("broken") == "***"
    assert mask_text("wxid_88zhang") == "wx***"
    assert mask_text("广东省广州市天河路 1 号", keep=3) == "广东省***"
