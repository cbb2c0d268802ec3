from __future__ import annotations

from typing import Any

from strawberry.dataloader import DataLoader

from guanxi.accounts.models import User
from guanxi.graphql.core.dataloaders import by_id


def user_loader() -> DataLoader[int, Any]:
    return by_id(User.all)
